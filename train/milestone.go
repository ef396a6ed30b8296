package train

import "fmt"

// LRMilestone multiplies the learning rate by Factor from the epoch after
// Epoch on, as PyTorch's MultiStepLR with one milestone (the Deep SVDD
// reference code drops Adam's rate tenfold after epoch 50 of 150). The
// rate of each epoch follows from its number, so a resumed run gets the
// same rates.
type LRMilestone struct {
	BaseCallback
	Epoch  int
	Factor float64
	base   float64
	set    bool
}

func (m *LRMilestone) String() string { return "LRMilestone" }

// OnEpochBegin sets the epoch's rate.
func (m *LRMilestone) OnEpochBegin(t *Trainer, epoch, _ int) error {
	o, ok := t.Optimizer().(interface{ SetLearningRate(float64) })
	if !ok {
		return fmt.Errorf("optimizer %s cannot change its learning rate", t.Optimizer().Name())
	}
	if !m.set {
		m.base, m.set = t.Optimizer().LearningRate(), true
	}
	lr := m.base
	if m.Epoch > 0 && epoch > m.Epoch {
		lr *= m.Factor
	}
	o.SetLearningRate(lr)
	return nil
}

// SetLearningRate sets the rate of the steps to come.
func (o *Adam) SetLearningRate(lr float64) { o.LR = lr }

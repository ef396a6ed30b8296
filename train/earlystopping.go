package train

import (
	"fmt"
	"math"
)

// EarlyStopping stops training when the monitored loss (val_loss, or loss
// without validation) has not improved by more than MinDelta for Patience
// epochs, as Keras's EarlyStopping. With RestoreBest the weights of the best
// epoch are put back when training ends.
type EarlyStopping struct {
	BaseCallback
	Patience    int
	MinDelta    float64
	RestoreBest bool

	best      float64
	bestEpoch int
	wait      int
	weights   map[string][]float32
	// StoppedEpoch is the epoch training stopped at, 0 if it ran out.
	StoppedEpoch int
}

func (e *EarlyStopping) String() string { return "EarlyStopping" }

func (e *EarlyStopping) OnTrainBegin(t *Trainer) error {
	if e.Patience < 0 {
		return fmt.Errorf("patience must not be negative. Received: %d", e.Patience)
	}
	e.best, e.bestEpoch, e.wait, e.StoppedEpoch = math.Inf(1), 0, 0, 0
	e.weights = nil
	return nil
}

func (e *EarlyStopping) OnEpochEnd(t *Trainer, epoch int, logs EpochLogs) error {
	v := monitored(logs)
	if v < e.best-e.MinDelta {
		e.best, e.bestEpoch, e.wait = v, epoch, 0
		if e.RestoreBest {
			e.keep(t)
		}
		return nil
	}
	e.wait++
	if e.wait > e.Patience {
		t.StopTraining = true
		e.StoppedEpoch = epoch
		t.cfg.Log.Infof("early stopping at epoch %d: best %.4f at epoch %d", epoch, e.best, e.bestEpoch)
	}
	return nil
}

func (e *EarlyStopping) OnTrainEnd(t *Trainer, err error) error {
	if err != nil || !e.RestoreBest || e.weights == nil {
		return nil
	}
	p := t.Model().Params()
	for name, w := range e.weights {
		if err := p.Set(name, p.Shape(name), w); err != nil {
			return err
		}
	}
	t.cfg.Log.Infof("restored the weights of epoch %d", e.bestEpoch)
	return nil
}

func (e *EarlyStopping) keep(t *Trainer) {
	p := t.Model().Params()
	if e.weights == nil {
		e.weights = map[string][]float32{}
	}
	for _, name := range p.Names() {
		e.weights[name] = append(e.weights[name][:0], p.Data(name)...)
	}
}

package train

// EpochLogs is what an epoch reports: Keras's logs with loss and val_loss.
type EpochLogs struct {
	Epoch   int
	Loss    float64
	ValLoss float64 // NaN without validation
	// Terms are the named parts of the loss (reconstruction, l1, kl...),
	// in the model's order; nil when the loss has no parts.
	Terms   []Term
	Seconds float64 // the whole epoch, validation included, as Keras reports it
	// ValSeconds is the part of Seconds spent on validation.
	ValSeconds float64
}

// BatchLogs is what a training step reports.
type BatchLogs struct {
	Batch, Steps int     // 1-based batch number and batches per epoch
	Size         int     // samples in this batch
	Loss         float64 // this batch's loss
	MeanLoss     float64 // mean loss per sample so far this epoch
	Terms        []Term  // the loss's terms' means so far this epoch
}

// Term is one named part of a loss: its mean over the epoch's training
// samples and over the validation set (NaN without validation).
type Term struct {
	Name       string
	Value, Val float64
}

// History holds the logs of every completed epoch, resumed ones included.
type History struct {
	Epochs []EpochLogs
}

func (h *History) add(l EpochLogs) { h.Epochs = append(h.Epochs, l) }

// Loss returns the training loss per epoch.
func (h *History) Loss() []float64 { return h.column(func(l EpochLogs) float64 { return l.Loss }) }

// ValLoss returns the validation loss per epoch.
func (h *History) ValLoss() []float64 {
	return h.column(func(l EpochLogs) float64 { return l.ValLoss })
}

func (h *History) column(f func(EpochLogs) float64) []float64 {
	out := make([]float64, len(h.Epochs))
	for i, l := range h.Epochs {
		out[i] = f(l)
	}
	return out
}

// Last returns the logs of the last epoch, and false if there is none.
func (h *History) Last() (EpochLogs, bool) {
	if len(h.Epochs) == 0 {
		return EpochLogs{}, false
	}
	return h.Epochs[len(h.Epochs)-1], true
}

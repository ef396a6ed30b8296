package train

import (
	"context"
	"errors"
	"math"
	"path/filepath"
)

// ModelCheckpoint saves the whole training state after every epoch to
// Dir/last.safetensors and, whenever the monitored loss (val_loss, or loss
// without validation) reaches a new minimum, to Dir/best.safetensors. When
// Fit is interrupted through its context it saves the current weights to
// last.safetensors too, so that a resume repeats the interrupted epoch from
// them. It never saves after a non-finite loss: the last good checkpoint
// stays.
type ModelCheckpoint struct {
	BaseCallback
	Dir  string
	best float64
	// OnSave, if set, is told of each file written.
	OnSave func(path string, epoch int)
}

// NewModelCheckpoint returns a ModelCheckpoint writing into dir.
func NewModelCheckpoint(dir string) *ModelCheckpoint { return &ModelCheckpoint{Dir: dir} }

func (c *ModelCheckpoint) String() string { return "ModelCheckpoint" }

// LastPath and BestPath are the files the callback writes.
func (c *ModelCheckpoint) LastPath() string { return filepath.Join(c.Dir, "last.safetensors") }
func (c *ModelCheckpoint) BestPath() string { return filepath.Join(c.Dir, "best.safetensors") }

func (c *ModelCheckpoint) OnTrainBegin(t *Trainer) error {
	c.best = math.Inf(1)
	for _, e := range t.History().Epochs {
		c.best = min(c.best, monitored(e))
	}
	return nil
}

func (c *ModelCheckpoint) OnEpochEnd(t *Trainer, epoch int, logs EpochLogs) error {
	if err := c.save(t, c.LastPath(), epoch); err != nil {
		return err
	}
	if v := monitored(logs); v < c.best {
		c.best = v
		return c.save(t, c.BestPath(), epoch)
	}
	return nil
}

func (c *ModelCheckpoint) OnTrainEnd(t *Trainer, err error) error {
	if errors.Is(err, context.Canceled) {
		return c.save(t, c.LastPath(), t.Epoch())
	}
	return nil
}

func (c *ModelCheckpoint) save(t *Trainer, path string, epoch int) error {
	if err := t.Save(path); err != nil {
		return err
	}
	if c.OnSave != nil {
		c.OnSave(path, epoch)
	}
	return nil
}

// monitored is val_loss, or loss when there is no validation.
func monitored(l EpochLogs) float64 {
	if math.IsNaN(l.ValLoss) {
		return l.Loss
	}
	return l.ValLoss
}

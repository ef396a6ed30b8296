package train

import (
	"math"
	"path/filepath"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

// ModelCheckpoint saves the whole training state after every epoch to
// Dir/last.safetensors and, whenever the monitored loss (val_loss, or loss
// without validation) reaches a new minimum, to Dir/best.safetensors. It
// never saves after a non-finite loss: the last good checkpoint stays.
//
// When Fit is interrupted through its context it saves nothing: the
// weights of an unfinished epoch are no epoch's, and last.safetensors
// already holds the last finished one (or, if no epoch of this Fit ended,
// whatever it held before), so that a resume from it gives the weights of
// a run that never stopped.
//
// Every file is written atomically; a process killed while writing leaves
// a temporary file that RemoveStaleTemps removes.
type ModelCheckpoint struct {
	BaseCallback
	Dir string
	// HistoryCSV, if set, is the path of a CSV file that is rewritten from
	// the history (see History.WriteCSV) right before every save of
	// last.safetensors. The file thus holds either the epochs of
	// last.safetensors, whose metadata stores the history, or, after a
	// kill between the two writes, one epoch more; a resume from
	// last.safetensors repeats that epoch and rewrites the file at its end.
	HistoryCSV string
	// OnSave, if set, is told of each file written.
	OnSave func(path string, epoch int)

	best float64
}

// NewModelCheckpoint returns a ModelCheckpoint writing into dir.
func NewModelCheckpoint(dir string) *ModelCheckpoint { return &ModelCheckpoint{Dir: dir} }

func (c *ModelCheckpoint) String() string { return "ModelCheckpoint" }

// LastPath and BestPath are the files the callback writes.
func (c *ModelCheckpoint) LastPath() string { return filepath.Join(c.Dir, "last.safetensors") }
func (c *ModelCheckpoint) BestPath() string { return filepath.Join(c.Dir, "best.safetensors") }

// RemoveStaleTemps removes the temporary files of last.safetensors,
// best.safetensors and HistoryCSV (when it is in Dir) that a process killed
// while writing them left in Dir, and returns their paths. Call it before
// Fit, while no other process writes into Dir (see LockDir).
func (c *ModelCheckpoint) RemoveStaleTemps() ([]string, error) {
	names := []string{filepath.Base(c.LastPath()), filepath.Base(c.BestPath())}
	if c.HistoryCSV != "" && filepath.Clean(filepath.Dir(c.HistoryCSV)) == filepath.Clean(c.Dir) {
		names = append(names, filepath.Base(c.HistoryCSV))
	}
	return safetensors.RemoveStaleTemps(c.Dir, names...)
}

func (c *ModelCheckpoint) OnTrainBegin(t *Trainer) error {
	c.best = math.Inf(1)
	for _, e := range t.History().Epochs {
		c.best = min(c.best, monitored(e))
	}
	return nil
}

func (c *ModelCheckpoint) OnEpochEnd(t *Trainer, epoch int, logs EpochLogs) error {
	if err := c.saveLast(t, epoch); err != nil {
		return err
	}
	if v := monitored(logs); v < c.best {
		c.best = v
		return c.save(t, c.BestPath(), epoch)
	}
	return nil
}

// saveLast saves the history CSV and then last.safetensors: a process
// killed between the two leaves a CSV one epoch ahead of the checkpoint,
// which the resume that repeats that epoch rewrites, and never a finished
// checkpoint whose CSV lacks its last epoch.
func (c *ModelCheckpoint) saveLast(t *Trainer, epoch int) error {
	if c.HistoryCSV != "" {
		if err := writeHistoryCSV(c.HistoryCSV, t.History()); err != nil {
			return err
		}
		if c.OnSave != nil {
			c.OnSave(c.HistoryCSV, epoch)
		}
	}
	return c.save(t, c.LastPath(), epoch)
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

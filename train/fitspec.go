package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/sirupsen/logrus"
)

// FitOptions are the settings of Fit and Prepare. The zero value trains
// as the spec says, validating as cmd/train does, and saves nothing.
type FitOptions struct {
	// Epochs and BatchSize are 0 for the spec's (Spec.TrainingDefaults).
	Epochs, BatchSize int
	// Optimizer is nil for Adam at the spec's learning rate, or at
	// DefaultLearningRate when the spec names none.
	Optimizer Optimizer
	// Seed seeds the shuffle, the noise and the validation split; the
	// weights' initialisation is the spec's Seed.
	Seed uint64
	// NoShuffle keeps the training samples in their order (Config.NoShuffle).
	NoShuffle bool
	// ValSplit is the fraction of the training part to validate on,
	// drawn with Seed and stratified by label where there are labels, as
	// cmd/train's -val-split. 0 validates on the data's test part, or on
	// a tenth of the training part when the data has none.
	ValSplit float64
	// Scale is the scaling fitted on the training rows when the spec
	// has none (data.FitScaler's kinds; "" chooses as cmd/train does:
	// unit for 8-bit data, else minmax unless the values lie in [0, 1]);
	// data.ScaleNone leaves a spec without scaling unscaled.
	Scale string
	// AutoLoss lets Prepare choose the loss when the spec's is not the
	// user's choice (a named spec's built-in bce): a bce spec whose scaled
	// training or validation targets leave [0, 1] then trains with mse
	// and a linear output, with a warning in the log, and the checkpoints
	// record mse. Without it such data is a *SetRangeError. Streamed sets
	// are read once more to find their range.
	AutoLoss bool
	// ScaleInPlace scales the values of d's sets in place rather than a
	// copy of them, so that memory holds the data once (cmd/train does);
	// d's sets then hold the scaled values, and after an error of
	// Prepare or Fit they may be partly scaled: read them again.
	ScaleInPlace bool
	// Out, if not empty, is the folder that receives last.safetensors
	// after every epoch, best.safetensors at the lowest validation loss,
	// and history.csv, as cmd/train writes them.
	Out string
	// Callbacks run after the checkpoints, in order.
	Callbacks []Callback
	// Log receives the trainer's messages; nil is logrus's standard logger.
	Log logrus.FieldLogger
	// Meta is more metadata for every checkpoint (see Config.Meta).
	Meta map[string]string
}

// Training is a spec built and ready to train on its data: Prepare makes
// it, Fit trains it. Close releases it.
type Training struct {
	Net     *nets.Autoencoder
	Trainer *Trainer
	// Train and Val are the scaled samples; TrainSet and ValSet the raw
	// sets they come from, with their labels.
	Train, Val       Dataset
	TrainSet, ValSet *data.Set
	// Split is how the validation rows were drawn from the training part;
	// nil when they are the data's test part.
	Split *data.SplitInfo
	// Checkpoint writes into FitOptions.Out; nil without it.
	Checkpoint *ModelCheckpoint
}

// Fit trains spec on d, as cmd/train does: it fits the spec's size to the
// samples, fits the scaling on the training rows, validates on the test
// part or on a shuffled split, applies the spec's noise, epochs, batch
// size and learning rate (unless opts sets them), and with opts.Out saves
// the checkpoints and the history there, holding the folder's lock. It
// returns the trained Training; Close it when done.
func Fit(ctx context.Context, spec nets.Spec, d *data.Split, opts FitOptions) (*Training, error) {
	t, err := Prepare(spec, d, opts)
	if err != nil {
		return nil, err
	}
	unlock := func() error { return nil }
	if opts.Out != "" {
		if unlock, err = lockOut(opts.Out); err != nil {
			t.Close()
			return nil, err
		}
		if _, err := t.Checkpoint.RemoveStaleTemps(); err != nil {
			unlock()
			t.Close()
			return nil, err
		}
	}
	_, err = t.Fit(ctx)
	if uerr := unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// lockOut makes dir and locks it against a second run (LockDir).
func lockOut(dir string) (unlock func() error, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("train: fit: %w", err)
	}
	return LockDir(dir)
}

// Prepare does everything Fit does before training: every check that can
// fail on the spec or the data happens here, and nothing is written.
func Prepare(spec nets.Spec, d *data.Split, opts FitOptions) (*Training, error) {
	t := &Training{}
	var err error
	if t.TrainSet, t.ValSet, t.Split, err = holdOut(d, opts); err != nil {
		return nil, err
	}
	if spec, err = scaledSpec(spec, t.TrainSet, opts.Scale); err != nil {
		return nil, err
	}
	if t.Train, err = dataset(t.TrainSet, spec.Scale, opts.ScaleInPlace); err != nil {
		return nil, err
	}
	if t.Val, err = dataset(t.ValSet, spec.Scale, opts.ScaleInPlace); err != nil {
		return nil, err
	}
	if err := checkTargets(spec, t.Train, t.Val, opts.AutoLoss); err != nil {
		if spec, err = autoLoss(spec, err, opts); err != nil {
			return nil, err
		}
	}
	if t.Net, err = nets.New(spec); err != nil {
		return nil, err
	}
	if err := t.newTrainer(opts); err != nil {
		t.Net.Close()
		return nil, err
	}
	return t, nil
}

// newTrainer makes the trainer of t.Net, with the checkpoints into
// opts.Out first among its callbacks.
func (t *Training) newTrainer(opts FitOptions) error {
	var callbacks []Callback
	if opts.Out != "" {
		t.Checkpoint = NewModelCheckpoint(opts.Out)
		t.Checkpoint.HistoryCSV = filepath.Join(opts.Out, "history.csv")
		callbacks = append(callbacks, t.Checkpoint)
	}
	callbacks = append(callbacks, opts.Callbacks...)
	var err error
	t.Trainer, err = New(t.Net, Config{Epochs: opts.Epochs, BatchSize: opts.BatchSize, Optimizer: opts.Optimizer,
		Seed: opts.Seed, NoShuffle: opts.NoShuffle, Callbacks: callbacks, Log: opts.Log, Meta: opts.Meta})
	return err
}

// Fit trains up to the trainer's epochs (continuing a restored run),
// validating after every epoch. A streamed row outside the range of the
// loss is a *TargetRangeError whose SourceRow is the row of the file.
func (t *Training) Fit(ctx context.Context) (*History, error) {
	h, err := t.Trainer.Fit(ctx, t.Train, &t.Val)
	var re *TargetRangeError
	if errors.As(err, &re) {
		switch re.Set {
		case "training":
			re.SourceRow = t.TrainSet.SourceRow(re.Row)
		case "validation":
			re.SourceRow = t.ValSet.SourceRow(re.Row)
		}
	}
	return h, err
}

// Close releases the trainer and the net.
func (t *Training) Close() error {
	t.Trainer.Close()
	return t.Net.Close()
}

// holdOut returns the training and validation sets of d: a ValSplit of
// its training part, else its test part, else a tenth of its training
// part.
func holdOut(d *data.Split, opts FitOptions) (trainSet, valSet *data.Set, split *data.SplitInfo, err error) {
	if d == nil || d.Train == nil {
		return nil, nil, nil, fmt.Errorf("train: fit: no training samples")
	}
	if math.IsNaN(opts.ValSplit) || opts.ValSplit < 0 || opts.ValSplit >= 1 {
		return nil, nil, nil, fmt.Errorf("train: fit: validation split %g is not in [0, 1)", opts.ValSplit)
	}
	frac := opts.ValSplit
	if frac == 0 && d.Test == nil {
		frac = 0.1
	}
	if frac == 0 {
		return d.Train, d.Test, nil, nil
	}
	split = &data.SplitInfo{Fraction: frac, Seed: opts.Seed, Kind: data.ShuffledKind(d.Train)}
	trainSet, valSet, err = split.Apply(d.Train)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("train: fit: %w", err)
	}
	return trainSet, valSet, split, nil
}

// scaledSpec returns spec fitted to the samples of s, with a scaling of
// kind fitted on them unless it has its own.
func scaledSpec(spec nets.Spec, s *data.Set, kind string) (nets.Spec, error) {
	spec, err := spec.ForData(s.Shape)
	if err != nil {
		return spec, err
	}
	if err := spec.Check(); err != nil {
		return spec, err
	}
	if spec.Scale == nil && kind != data.ScaleNone {
		if spec.Scale, err = data.FitScaler(kind, s); err != nil {
			return spec, fmt.Errorf("train: fit: scaling %s: %w", s.Source, err)
		}
	}
	return spec, nil
}

// dataset returns the scaled samples of s for the trainer: its values
// scaled in place or in a copy, or, for a file-backed set, as they are
// read.
func dataset(s *data.Set, sc *data.Scaler, inPlace bool) (Dataset, error) {
	if s.X == nil {
		rows := data.Rows(s)
		if sc != nil {
			rows = sc.ScaledRows(s)
		}
		return Dataset{Rows: rows, Dim: s.Size()}, nil
	}
	x := s.X
	if sc == nil {
		return Dataset{X: x, Dim: s.Size()}, nil
	}
	if !inPlace {
		x = slices.Clone(x)
	}
	if err := sc.Apply(x); err != nil {
		return Dataset{}, fmt.Errorf("%s: %w", s.Source, err)
	}
	return Dataset{X: x, Dim: s.Size()}, nil
}

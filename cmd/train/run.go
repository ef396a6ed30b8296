package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// netSpec returns the spec of the net to train: the checkpoint's when
// resuming (flags that would change it are errors), else the flags'.
func (o *options) netSpec(ckpt *train.Checkpoint, shape []int) (nets.Spec, error) {
	if ckpt == nil {
		return o.spec(shape)
	}
	s, err := nets.SpecOf(ckpt.Model)
	if err != nil {
		return s, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	for _, f := range []string{"arch", "layers", "code", "l1", "loss", "noise", "contractive", "vae", "beta", "select"} {
		if o.set[f] {
			return s, usageError{Err: fmt.Errorf("-%s: %s holds a %s net; a resumed run keeps the checkpoint's net, so drop -%s", f, o.resume, s.Name, f)}
		}
	}
	if err := nets.CheckWeights(s, ckpt.Weights); err != nil {
		return s, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	if _, err := s.ForData(shape); err != nil {
		return s, fmt.Errorf("-data: %s does not fit the net of %s: %w", o.dataName(), o.resume, err)
	}
	if o.set["scale"] && (s.Scale == nil || s.Scale.Kind != o.dataFlags.scale) {
		return s, usageError{Err: fmt.Errorf("-scale: %s scales its data with %v; a resumed run keeps it, so drop -scale", o.resume, s.Scale)}
	}
	if o.arch == "conv" && !o.set["arch"] {
		o.arch = s.Name
	}
	return s, nil
}

// scaler returns the scaling of the run: the checkpoint's, or one fitted
// on the training set (-scale, default unit for 8-bit data, else min-max
// unless the values already lie in [0, 1]).
func (o *options) scaler(s nets.Spec, ckpt *train.Checkpoint, trainSet *data.Set) (*data.Scaler, error) {
	if ckpt != nil {
		return s.Scale, nil
	}
	sc, err := data.FitScaler(o.dataFlags.scale, trainSet)
	if err != nil && o.set["scale"] {
		return nil, usageError{Err: fmt.Errorf("-scale: %w", err)}
	}
	return sc, err
}

// dataset returns the scaled samples of s for the trainer; it scales s's
// values in place, or, for a file-backed set, as they are read.
func dataset(s *data.Set, sc *data.Scaler) (train.Dataset, error) {
	if s.X == nil {
		rows := data.Rows(s)
		if sc != nil {
			rows = sc.ScaledRows(s)
		}
		return train.Dataset{Rows: rows, Dim: s.Size()}, nil
	}
	if sc != nil {
		if err := sc.Apply(s.X); err != nil {
			return train.Dataset{}, fmt.Errorf("%s: %w", s.Source, err)
		}
	}
	return train.Dataset{X: s.X, Dim: s.Size()}, nil
}

// pictureRows is how many validation samples the pictures read: the
// latent plane of a VAE shows up to that many.
const pictureRows = 10000

// firstRows returns the first n samples of d, or all if it has fewer.
func firstRows(d train.Dataset, n int) []float32 {
	n = min(n, d.Len())
	if d.X != nil {
		return d.X[:n*d.Dim]
	}
	x := make([]float32, n*d.Dim)
	if err := d.Rows.ReadRows(0, n, x); err != nil {
		return nil
	}
	return x
}

// trainRun loads the data, builds or restores the net and trains it. All
// checks that can fail on bad input happen before anything is written into
// the output folder.
func trainRun(ctx context.Context, o *options, log *logrus.Logger, stdout io.Writer) error {
	if o.arch == "list" {
		fmt.Fprint(stdout, nets.Describe())
		return nil
	}
	if o.set["threads"] {
		graph.SetThreads(o.threads)
	}
	var ckpt *train.Checkpoint
	if o.resume != "" {
		c, err := train.ReadCheckpoint(o.resume)
		if err != nil {
			return fmt.Errorf("-resume: %w", err)
		}
		ckpt = c
	}
	if err := o.resumeSettings(ckpt); err != nil {
		return err
	}

	d, err := o.load(log)
	if err != nil {
		return err
	}
	spec, err := o.netSpec(ckpt, d.train.Shape)
	if err != nil {
		return err
	}
	if spec.Scale, err = o.scaler(spec, ckpt, d.train); err != nil {
		return err
	}
	o.withDefaults(spec)
	trainSet, err := dataset(d.train, spec.Scale)
	if err != nil {
		return err
	}
	valSet, err := dataset(d.val, spec.Scale)
	if err != nil {
		return err
	}
	if err := o.checkTargets(spec, trainSet, valSet); err != nil {
		return err
	}
	ae, err := nets.New(spec)
	if err != nil {
		return o.specError(err)
	}
	defer ae.Close()
	opt, err := o.optimizer(ckpt, spec, log)
	if err != nil {
		return err
	}
	if err := checkMemory(ae, min(o.batch, trainSet.Len())); err != nil {
		return err
	}

	ckptCB := train.NewModelCheckpoint(o.out)
	ckptCB.HistoryCSV = filepath.Join(o.out, "history.csv")
	callbacks := []train.Callback{ckptCB}
	if o.quiet {
		callbacks = append(callbacks, train.EpochLogger{})
	} else {
		callbacks = append(callbacks, &train.ProgressBar{W: stdout})
	}
	noise, err := train.ParseNoise(spec.Noise)
	if err != nil {
		return usageError{Err: fmt.Errorf("-noise: %w", err)}
	}
	tr, err := train.New(ae, train.Config{Epochs: o.epochs, BatchSize: o.batch, Optimizer: opt, Seed: o.seed, Noise: noise, Callbacks: callbacks, Log: log, Meta: d.meta})
	if err != nil {
		return usageError{Err: err}
	}
	defer tr.Close()
	if ckpt != nil {
		if err := tr.Restore(o.resume); err != nil {
			return fmt.Errorf("-resume: %w", err)
		}
		if tr.Epoch() >= o.epochs {
			return usageError{Err: fmt.Errorf("-epochs: %s has already trained %d epochs; ask for more than that", o.resume, tr.Epoch())}
		}
	}

	unlock, err := o.claimOut(ckptCB, log)
	if err != nil {
		return err
	}
	defer unlock()
	if !o.quiet {
		fmt.Fprint(stdout, ae.Summary())
	}
	log.WithFields(logrus.Fields{"arch": spec.Name, "kernels": graph.KernelSet(), "threads": graph.Threads(), "train": trainSet.Len(), "val": valSet.Len(), "batch": o.batch,
		"optimizer": opt.Name(), "lr": opt.LearningRate(), "out": o.out}).Info("training")
	start := tr.Epoch()
	hist, err := tr.Fit(ctx, trainSet, &valSet)
	if errors.Is(err, context.Canceled) {
		return o.interrupted(err, start, tr.Epoch(), ckptCB)
	}
	if err != nil {
		return o.targetError(spec, err)
	}
	if last, ok := hist.Last(); ok {
		log.WithFields(logrus.Fields{"epoch": last.Epoch, "loss": fmt.Sprintf("%.4f", last.Loss), "val_loss": fmt.Sprintf("%.4f", last.ValLoss)}).
			Infof("done: %s, %s, %s", ckptCB.LastPath(), ckptCB.BestPath(), filepath.Join(o.out, "history.csv"))
	}
	if sel := ae.Selected(); sel != nil {
		log.WithField("features", sel).Infof("the concrete selector keeps %d features", len(sel))
	}
	if !o.noPictures {
		files, err := cli.Pictures(ae, hist, firstRows(valSet, pictureRows), d.val.Labels, o.out)
		if err != nil {
			return fmt.Errorf("pictures: %w", err)
		}
		log.Infof("pictures: %s", strings.Join(files, ", "))
	}
	return nil
}

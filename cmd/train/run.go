package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/data"
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
	for _, f := range []string{"arch", "layers", "code", "l1", "loss", "noise", "contractive", "vae", "beta"} {
		if o.set[f] {
			return s, usageError{fmt.Errorf("-%s: %s holds a %s net; a resumed run keeps the checkpoint's net, so drop -%s", f, o.resume, s.Name, f)}
		}
	}
	if err := nets.CheckWeights(s, ckpt.Weights); err != nil {
		return s, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	if _, err := s.ForData(shape); err != nil {
		return s, fmt.Errorf("-data: %s: %w", o.resume, err)
	}
	if o.arch == "conv" && !o.set["arch"] {
		o.arch = s.Name
	}
	return s, nil
}

// trainRun loads the data, builds or restores the net and trains it. All
// checks that can fail on bad input happen before anything is written into
// the output folder.
func trainRun(ctx context.Context, o *options, log *logrus.Logger, stdout io.Writer) error {
	if o.arch == "list" {
		fmt.Fprint(stdout, nets.Describe())
		return nil
	}
	var ckpt *train.Checkpoint
	if o.resume != "" {
		c, err := train.ReadCheckpoint(o.resume)
		if err != nil {
			return fmt.Errorf("-resume: %w", err)
		}
		ckpt = c
		if !o.set["optimizer"] {
			o.optimizer = c.Meta[train.MetaOptimizer]
		}
	}

	mnist, _, err := data.OpenMNIST(o.data)
	if err != nil {
		return err
	}
	trainImgs := mnist.Train.Head(o.limit)
	shape := []int{1, trainImgs.Rows, trainImgs.Cols}
	spec, err := o.netSpec(ckpt, shape)
	if err != nil {
		return err
	}
	o.withDefaults(spec)
	trainSet := train.Dataset{X: trainImgs.Pixels, Dim: trainImgs.Dim()}
	valSet := train.Dataset{X: mnist.Test.Pixels, Dim: mnist.Test.Dim()}
	if o.valSplit > 0 {
		if trainSet, valSet, err = trainSet.Split(o.valSplit); err != nil {
			return usageError{fmt.Errorf("-val-split: %w", err)}
		}
	}
	ae, err := nets.New(spec)
	if err != nil {
		return o.specError(err)
	}
	defer ae.Close()
	opt, err := train.NewOptimizer(o.optimizer, o.lr)
	if err != nil {
		return usageError{fmt.Errorf("-optimizer: %w", err)}
	}

	ckptCB := train.NewModelCheckpoint(o.out)
	callbacks := []train.Callback{&train.CSVLogger{Path: filepath.Join(o.out, "history.csv")}, ckptCB}
	if o.quiet {
		callbacks = append(callbacks, train.EpochLogger{})
	} else {
		callbacks = append(callbacks, &train.ProgressBar{W: stdout})
	}
	noise, err := train.ParseNoise(spec.Noise)
	if err != nil {
		return usageError{fmt.Errorf("-noise: %w", err)}
	}
	tr, err := train.New(ae, train.Config{Epochs: o.epochs, BatchSize: o.batch, Optimizer: opt, Seed: o.seed, Noise: noise, Callbacks: callbacks, Log: log})
	if err != nil {
		return usageError{err}
	}
	defer tr.Close()
	if ckpt != nil {
		if err := tr.Restore(o.resume); err != nil {
			return fmt.Errorf("-resume: %w", err)
		}
		if tr.Epoch() >= o.epochs {
			return usageError{fmt.Errorf("-epochs: %s has already trained %d epochs; ask for more than that", o.resume, tr.Epoch())}
		}
	}

	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	if ckpt == nil {
		// a new run starts a new history
		if err := os.Remove(filepath.Join(o.out, "history.csv")); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("-out: %w", err)
		}
	}
	if !o.quiet {
		fmt.Fprint(stdout, ae.Summary())
	}
	log.WithFields(logrus.Fields{"arch": spec.Name, "train": trainSet.Len(), "val": valSet.Len(), "batch": o.batch,
		"optimizer": opt.Name(), "lr": opt.LearningRate(), "out": o.out}).Info("training")
	hist, err := tr.Fit(ctx, trainSet, &valSet)
	if err != nil {
		return err
	}
	if last, ok := hist.Last(); ok {
		log.WithFields(logrus.Fields{"epoch": last.Epoch, "loss": fmt.Sprintf("%.4f", last.Loss), "val_loss": fmt.Sprintf("%.4f", last.ValLoss)}).
			Infof("done: %s, %s, %s", ckptCB.LastPath(), ckptCB.BestPath(), filepath.Join(o.out, "history.csv"))
	}
	if !o.noPictures {
		files, err := writePictures(ae, hist, mnist.Test.Pixels, mnist.TestLabels, o.out)
		if err != nil {
			return fmt.Errorf("pictures: %w", err)
		}
		log.Infof("pictures: %s", strings.Join(files, ", "))
	}
	return nil
}

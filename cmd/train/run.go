package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// trainRun loads the data, builds or restores the net and trains it. All
// checks that can fail on bad input happen before anything is written into
// the output folder.
func trainRun(ctx context.Context, o *options, log *logrus.Logger, stdout io.Writer) error {
	var ckpt *train.Checkpoint
	if o.resume != "" {
		c, err := train.ReadCheckpoint(o.resume)
		if err != nil {
			return fmt.Errorf("-resume: %w", err)
		}
		cfg, err := nets.UnmarshalConfig(c.Model)
		if err != nil {
			return fmt.Errorf("-resume: %s: %w", o.resume, err)
		}
		if o.set["arch"] && cfg.Arch != o.arch {
			return usageError{fmt.Errorf("-arch: %s holds a %s net, not %s", o.resume, cfg.Arch, o.arch)}
		}
		o.arch = cfg.Arch
		if !o.set["optimizer"] {
			o.optimizer = c.Meta[train.MetaOptimizer]
		}
		ckpt = c
	}
	o.withDefaults()

	mnist, dir, err := data.OpenMNIST(o.data)
	if err != nil {
		return err
	}
	trainImgs := mnist.Train.Head(o.limit)
	trainSet := train.Dataset{X: trainImgs.Pixels, Dim: trainImgs.Dim()}
	valSet := train.Dataset{X: mnist.Test.Pixels, Dim: mnist.Test.Dim()}
	if o.valSplit > 0 {
		if trainSet, valSet, err = trainSet.Split(o.valSplit); err != nil {
			return usageError{fmt.Errorf("-val-split: %w", err)}
		}
	}

	var ae *nets.Autoencoder
	if ckpt != nil {
		cfg, _ := nets.UnmarshalConfig(ckpt.Model)
		ae, err = nets.New(cfg)
	} else {
		cfg := o.netConfig()
		cfg.Height, cfg.Width = trainImgs.Rows, trainImgs.Cols
		ae, err = nets.New(cfg)
	}
	if err != nil {
		return err
	}
	defer ae.Close()
	if got := ae.SampleShape(); trainSet.Dim != graph.Size(got) {
		return fmt.Errorf("-data: %s holds %dx%d images, the net takes %v", dir, trainImgs.Rows, trainImgs.Cols, got)
	}
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
	tr, err := train.New(ae, train.Config{Epochs: o.epochs, BatchSize: o.batch, Optimizer: opt, Seed: o.seed, Callbacks: callbacks, Log: log})
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
	log.WithFields(logrus.Fields{"arch": o.arch, "train": trainSet.Len(), "val": valSet.Len(), "batch": o.batch,
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
		files, err := writePictures(ae, hist, mnist.Test.Pixels, o.out)
		if err != nil {
			return fmt.Errorf("pictures: %w", err)
		}
		log.Infof("pictures: %s", strings.Join(files, ", "))
	}
	return nil
}

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
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// trainRun loads the data, builds or restores the net and trains it with
// train.Prepare, as train.Fit does. All checks that can fail on bad input
// happen before anything is written into the output folder.
func trainRun(ctx context.Context, o *options, log *logrus.Logger, stdout io.Writer) error {
	if o.arch == "list" {
		fmt.Fprint(stdout, nets.Describe())
		return nil
	}
	if o.set["threads"] {
		graph.SetThreads(o.threads)
	}
	ckpt, err := o.readResume()
	if err != nil {
		return err
	}
	if err := o.readInit(); err != nil {
		return err
	}
	d, err := o.load(log)
	if err != nil {
		return err
	}
	t, err := o.prepare(ckpt, d, log, stdout)
	if err != nil {
		return err
	}
	defer t.Close()
	unlock, err := o.claimOut(t.Checkpoint, log)
	if err != nil {
		return err
	}
	defer unlock()
	return o.fit(ctx, t, log, stdout)
}

// readResume reads the -resume checkpoint, nil without one, and takes
// the settings of the run from it.
func (o *options) readResume() (*checkpoint.Checkpoint, error) {
	if o.resume == "" {
		return nil, nil
	}
	c, err := checkpoint.Read(o.resume)
	if err != nil {
		return nil, fmt.Errorf("-resume: %w", err)
	}
	return c, o.resumeSettings(c)
}

// prepare builds the net of the run, or the checkpoint's, and its
// trainer, restored from the checkpoint when resuming; it checks that a
// step fits in memory.
func (o *options) prepare(ckpt *checkpoint.Checkpoint, d *samples, log logrus.FieldLogger, stdout io.Writer) (*train.Training, error) {
	spec, err := o.netSpec(ckpt, d.train.Shape)
	if err != nil {
		return nil, err
	}
	if spec, err = o.withObjective(spec, ckpt); err != nil {
		return nil, err
	}
	if spec.Scale, err = o.scaler(spec, ckpt, d.train); err != nil {
		return nil, err
	}
	o.withDefaults(spec)
	opt, err := o.optimizer(ckpt, spec, log)
	if err != nil {
		return nil, err
	}
	t, err := train.Prepare(spec, &data.Split{Train: d.train, Test: d.val}, train.FitOptions{
		Epochs: o.epochs, BatchSize: o.batch, Optimizer: opt, Seed: o.seed, NoShuffle: !o.shuffle, Scale: data.ScaleNone, ScaleInPlace: true,
		Out: o.out, Callbacks: o.callbacks(log, stdout), Log: log, Meta: d.meta, AutoLoss: ckpt == nil && !o.lossChosen})
	if err != nil {
		return nil, o.prepareError(spec, err)
	}
	if err := o.restore(t, ckpt); err != nil {
		t.Close()
		return nil, err
	}
	if err := o.initWeights(t, o.initModel); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// callbacks are the run's callbacks after the checkpoints: the progress,
// and with -no-pictures the removal of stale pictures.
func (o *options) callbacks(log logrus.FieldLogger, stdout io.Writer) []train.Callback {
	cbs := []train.Callback{o.progress(stdout)}
	if o.noPictures {
		cbs = append(cbs, &stalePictures{o: o, log: log})
	}
	return cbs
}

// progress is the callback that shows the run's progress: a line per
// epoch with -quiet, else a progress bar.
func (o *options) progress(stdout io.Writer) train.Callback {
	if o.quiet {
		return train.EpochLogger{}
	}
	return &train.ProgressBar{W: stdout}
}

// prepareError names the flag at fault in an error of nets.Prepare.
func (o *options) prepareError(s nets.Spec, err error) error {
	var re *train.SetRangeError
	if errors.As(err, &re) {
		return o.rangeError(s, re)
	}
	return o.specError(err)
}

// restore checks that a step of a batch fits in memory and restores the
// resumed checkpoint into t's trainer, which must have epochs left.
func (o *options) restore(t *train.Training, ckpt *checkpoint.Checkpoint) error {
	if err := checkMemory(t.Net, min(o.batch, t.Train.Len())); err != nil {
		return err
	}
	if ckpt == nil {
		return nil
	}
	if err := t.Trainer.Restore(o.resume); err != nil {
		return fmt.Errorf("-resume: %w", err)
	}
	if t.Trainer.Epoch() >= o.epochs {
		return usageError{Err: fmt.Errorf("-epochs: %s has already trained %d epochs; ask for more than that", o.resume, t.Trainer.Epoch())}
	}
	return nil
}

// fit trains, then logs where the results are and draws the pictures.
func (o *options) fit(ctx context.Context, t *train.Training, log logrus.FieldLogger, stdout io.Writer) error {
	if !o.quiet {
		fmt.Fprint(stdout, t.Net.Summary())
	}
	opt := t.Trainer.Optimizer()
	log.WithFields(logrus.Fields{"arch": t.Net.Spec().Name, "kernels": graph.KernelSet(), "threads": graph.Threads(), "train": t.Train.Len(), "val": t.Val.Len(),
		"batch": o.batch, "optimizer": opt.Name(), "lr": opt.LearningRate(), "out": o.out}).Info("training")
	start := t.Trainer.Epoch()
	hist, err := t.Fit(ctx)
	if errors.Is(err, context.Canceled) {
		return o.interrupted(err, start, t.Trainer.Epoch(), t.Checkpoint)
	}
	if err != nil {
		return o.stepError(t.Net.Spec(), o.targetError(t.Net.Spec(), err))
	}
	o.logDone(t, hist, log)
	if err := o.fitSVDD(ctx, t, log, stdout); err != nil {
		return err
	}
	if o.noPictures {
		return nil
	}
	files, err := cli.Pictures(t.Net, hist, firstRows(t.Val, pictureRows), t.ValSet.Labels, o.out)
	if err != nil {
		return fmt.Errorf("pictures: %w", err)
	}
	log.Infof("pictures: %s", strings.Join(files, ", "))
	return nil
}

// logDone logs the last epoch's losses, the files and the features a
// concrete selector keeps.
func (o *options) logDone(t *train.Training, hist *train.History, log logrus.FieldLogger) {
	if last, ok := hist.Last(); ok {
		log.WithFields(logrus.Fields{"epoch": last.Epoch, "loss": fmt.Sprintf("%.4f", last.Loss), "val_loss": fmt.Sprintf("%.4f", last.ValLoss)}).
			Infof("done: %s, %s, %s", t.Checkpoint.LastPath(), t.Checkpoint.BestPath(), filepath.Join(o.out, "history.csv"))
	}
	if sel := t.Net.Selected(); sel != nil {
		log.WithField("features", sel).Infof("the concrete selector keeps %d features", len(sel))
	}
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

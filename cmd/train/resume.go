package main

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// resumeSettings takes what defines the run from the checkpoint: the
// batch size, the seed and the output folder, unless a flag gives them;
// a flag that contradicts the checkpoint is an error.
func (o *options) resumeSettings(c *train.Checkpoint) error {
	if c == nil {
		return nil
	}
	keep := func(flag string, set bool, saved string, got any) error {
		if saved == "" || !set || saved == fmt.Sprint(got) {
			return nil
		}
		return usageError{Err: fmt.Errorf("-%s: %s was trained with %s %s; a resumed run keeps it, so drop -%s", flag, o.resume, flag, saved, flag)}
	}
	if err := keep("batch", o.set["batch"], c.Meta[train.MetaBatch], o.batch); err != nil {
		return err
	}
	if err := keep("seed", o.set["seed"], c.Meta[train.MetaSeed], o.seed); err != nil {
		return err
	}
	if err := keep("optimizer", o.set["optimizer"], c.Meta[train.MetaOptimizer], o.optimizer); err != nil {
		return err
	}
	if b, err := strconv.Atoi(c.Meta[train.MetaBatch]); err == nil && b > 0 {
		o.batch, o.set["batch"] = b, true
	}
	if s, err := strconv.ParseUint(c.Meta[train.MetaSeed], 10, 64); err == nil {
		o.seed = s
	}
	if o.out == "" {
		o.out = filepath.Dir(o.resume)
	}
	return nil
}

// optimizer returns the optimizer of a new run, or the checkpoint's, with
// -lr as a change that is logged.
func (o *options) optimizer(c *train.Checkpoint, s nets.Spec, log logrus.FieldLogger) (train.Optimizer, error) {
	if c == nil {
		lr := o.lr
		if !o.set["lr"] && s.LearningRate > 0 {
			lr = s.LearningRate // the spec's own
		}
		opt, err := train.NewOptimizer(o.optimizerName, lr)
		if err != nil {
			return nil, usageError{Err: fmt.Errorf("-optimizer: %w", err)}
		}
		return opt, nil
	}
	opt, err := c.Optimizer(o.lr)
	if err != nil {
		return nil, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	if was, err := strconv.ParseFloat(c.Meta[train.MetaLR], 64); err == nil && o.set["lr"] && was != o.lr {
		log.WithFields(logrus.Fields{"from": was, "to": o.lr}).Warn("the resumed run changes the learning rate")
	}
	return opt, nil
}

package main

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// resumeSettings takes what defines the run from the checkpoint: the
// batch size, the seed, the optimizer, whether it shuffles, the output
// folder and the data, unless a flag gives them; a flag that contradicts
// the checkpoint is an error.
func (o *options) resumeSettings(c *checkpoint.Checkpoint) error {
	if c == nil {
		return nil
	}
	keep := func(flag string, set bool, saved string, got any) error {
		if saved == "" || !set || saved == fmt.Sprint(got) {
			return nil
		}
		return usageError{Err: fmt.Errorf("-%s: %s was trained with %s %s; a resumed run keeps it, so drop -%s", flag, o.resume, flag, saved, flag)}
	}
	if err := keep("batch", o.set["batch"], c.Meta[checkpoint.MetaBatch], o.batch); err != nil {
		return err
	}
	if err := keep("seed", o.set["seed"], c.Meta[checkpoint.MetaSeed], o.seed); err != nil {
		return err
	}
	if err := keep("optimizer", o.set["optimizer"], c.Meta[checkpoint.MetaOptimizer], o.optimizerName); err != nil {
		return err
	}
	shuffled := train.CheckpointShuffled(c)
	if err := keep("shuffle", o.set["shuffle"], strconv.FormatBool(shuffled), o.shuffle); err != nil {
		return err
	}
	o.shuffle = shuffled
	if b, err := strconv.Atoi(c.Meta[checkpoint.MetaBatch]); err == nil && b > 0 {
		o.batch, o.set["batch"] = b, true
	}
	if s, err := strconv.ParseUint(c.Meta[checkpoint.MetaSeed], 10, 64); err == nil {
		o.seed = s
	}
	if o.out == "" {
		o.out = filepath.Dir(o.resume)
	}
	return o.resumeData(c)
}

// resumeData takes the data of the run from the checkpoint's record: its
// path, the options it was read with, -classes, -limit and the validation
// split, unless a flag gives them; a flag that contradicts the record is
// an error naming it. -data is checked against the record's fingerprint
// once read (checkResumedData).
func (o *options) resumeData(c *checkpoint.Checkpoint) error {
	r, err := cli.ReadDataRecord(c)
	if err != nil {
		return fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	if r == nil {
		o.dataFlags.unrecorded = true
		return nil
	}
	d := &o.dataFlags
	frac, kind := 0.0, ""
	if r.Split != nil {
		frac, kind = r.Split.Fraction, r.Split.Kind
		if kind == data.SplitStratified {
			kind = data.SplitShuffledKind // -val-split-kind shuffled stratifies labelled data
		}
	}
	for _, f := range []struct {
		flag, saved, got string
		take             func()
	}{
		{"label-column", r.LabelColumn, d.LabelColumn, func() { d.LabelColumn = r.LabelColumn }},
		{"layout", r.Layout, d.Layout, func() { d.Layout = r.Layout }},
		{"channels", strconv.Itoa(r.Channels), strconv.Itoa(d.Channels), func() { d.Channels = r.Channels }},
		{"size", r.Size, d.Size, func() { d.Size = r.Size }},
		{"window", strconv.Itoa(r.Window), strconv.Itoa(d.Window), func() { d.Window = r.Window }},
		{"stride", strconv.Itoa(max(r.Stride, 1)), strconv.Itoa(d.Stride), func() { d.Stride = max(r.Stride, 1) }},
		{"time-column", r.TimeColumn, d.TimeColumn, func() { d.TimeColumn = r.TimeColumn }},
		{"allow-gaps", strconv.FormatBool(r.Gaps), strconv.FormatBool(d.Gaps), func() { d.Gaps = r.Gaps }},
		{"classes", r.Classes, d.classes, func() { d.classes = r.Classes }},
		{"limit", strconv.Itoa(r.Limit), strconv.Itoa(o.limit), func() { o.limit = r.Limit }},
		{"val-data", r.ValData, cli.AbsPath(d.valPath), func() { d.valPath = r.ValData }},
		{"stream", strconv.FormatBool(r.Stream), strconv.FormatBool(d.stream), func() { d.stream = r.Stream }},
		{"val-split", strconv.FormatFloat(frac, 'g', -1, 64), strconv.FormatFloat(o.valSplit, 'g', -1, 64), func() { o.valSplit = frac }},
		{"val-split-kind", kind, d.splitKind, func() { d.splitKind = kind }},
	} {
		switch {
		case !o.set[f.flag]:
			f.take()
		case f.saved != f.got && !(f.flag == "val-split-kind" && r.Split == nil):
			return usageError{Err: fmt.Errorf("-%s: %s was trained %s; a resumed run keeps its data, so drop -%s", f.flag, o.resume, withFlag(f.flag, f.saved), f.flag)}
		}
	}
	if !o.set["data"] {
		d.Path = r.Path
	}
	d.recorded = r
	return nil
}

// withFlag says how a run was trained as to flag: "with -limit 500", or
// "without -limit" for its zero value.
func withFlag(flag, value string) string {
	switch value {
	case "", "0", "false":
		return "without -" + flag
	}
	return fmt.Sprintf("with -%s %s", flag, value)
}

// checkResumedData checks that the data read, of fingerprint fp, is the
// data of the resumed checkpoint; data that has moved is logged. A
// checkpoint of an earlier version, with no record, cannot be checked,
// which is logged.
func (o *options) checkResumedData(fp data.Fingerprint, log logrus.FieldLogger) error {
	if o.dataFlags.unrecorded {
		log.WithField("checkpoint", o.resume).Warn("the checkpoint records no data (an earlier version wrote it): -data cannot be checked against it; its validation split stays the unshuffled tail it was")
		return nil
	}
	r := o.dataFlags.recorded
	if r == nil {
		return nil
	}
	if diff := r.Fingerprint.Diff(fp); diff != "" {
		return fmt.Errorf("-data: %s is not the data %s was trained on (%s): it has %s", o.dataName(), o.resume, r.Fingerprint.Path, diff)
	}
	if r.Fingerprint.Path != fp.Path {
		log.WithFields(logrus.Fields{"was": r.Fingerprint.Path, "now": fp.Path}).Warn("the data has moved: the same rows and first values at another path")
	}
	return nil
}

// optimizer returns the optimizer of a new run, or the checkpoint's, with
// -lr as a change that is logged.
func (o *options) optimizer(c *checkpoint.Checkpoint, s nets.Spec, log logrus.FieldLogger) (train.Optimizer, error) {
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
	opt, err := train.CheckpointOptimizer(c, o.lr)
	if err != nil {
		return nil, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	if was, err := strconv.ParseFloat(c.Meta[checkpoint.MetaLR], 64); err == nil && o.set["lr"] && was != o.lr {
		log.WithFields(logrus.Fields{"from": was, "to": o.lr}).Warn("the resumed run changes the learning rate")
	}
	return opt, nil
}

package main

import (
	"fmt"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/sirupsen/logrus"
)

// dataFlags are the flags that say what the data is and how to read it:
// the commands' shared ones, and training's own.
type dataFlags struct {
	cli.DataFlags
	valPath, scale, classes string
	stream                  bool
}

// options returns the reader's options, or a usage error naming the flag.
func (d dataFlags) options() (data.Options, error) {
	opt, err := d.Options()
	opt.FileBacked = d.stream
	return opt, err
}

// samples is the data of a run: the training and validation sets, raw,
// and what the log says about them.
type samples struct {
	train, val *data.Set
}

// load reads -data (the bundled MNIST when empty) and the validation set:
// -val-data, else the last -val-split of the training part, else the
// data's test part, else the last 10% of the training part.
func (o *options) load(log logrus.FieldLogger) (*samples, error) {
	opt, err := o.dataFlags.options()
	if err != nil {
		return nil, err
	}
	split, path, err := data.OpenOrMNIST(o.dataFlags.Path, opt)
	if err != nil {
		return nil, cli.DataError("data", err)
	}
	s := &samples{train: split.Train, val: split.Test}
	if err := o.filterClasses(s); err != nil {
		return nil, err
	}
	s.train = s.train.Head(o.limit)
	if o.dataFlags.valPath != "" {
		vs, err := data.Open(o.dataFlags.valPath, opt)
		if err != nil {
			return nil, cli.DataError("val-data", err)
		}
		s.val = vs.Train
		if vs.Test != nil {
			s.val = vs.Test
		}
		return s, o.filterClasses(&samples{val: s.val})
	}
	frac := o.valSplit
	if frac == 0 && s.val == nil {
		frac = 0.1
		log.WithField("data", path).Info("the data has no test part: validating on its last 10% (-val-split 0.1)")
	}
	if frac > 0 {
		if s.train, s.val, err = splitSet(s.train, frac); err != nil {
			return nil, usageError{Err: fmt.Errorf("-val-split: %w", err)}
		}
	}
	return s, nil
}

// splitSet returns the first 1-frac of s and its last frac, as Keras's
// validation_split, taken before shuffling.
func splitSet(s *data.Set, frac float64) (*data.Set, *data.Set, error) {
	n := s.Len()
	cut := n - int(float64(n)*frac)
	if cut <= 0 || cut >= n {
		return nil, nil, fmt.Errorf("%g of %d samples leaves an empty set", frac, n)
	}
	return s.Slice(0, cut), s.Slice(cut, n), nil
}

// filterClasses keeps only the samples of the -classes labels (one-class
// training), in both sets.
func (o *options) filterClasses(s *samples) error {
	if o.dataFlags.classes == "" {
		return nil
	}
	keep := map[string]bool{}
	for _, c := range strings.Split(o.dataFlags.classes, ",") {
		keep[strings.TrimSpace(c)] = true
	}
	for _, set := range []**data.Set{&s.train, &s.val} {
		if *set == nil {
			continue
		}
		if (*set).Labels == nil {
			return usageError{Err: fmt.Errorf("-classes: %s has no labels", (*set).Source)}
		}
		*set = (*set).Filter(func(l string) bool { return keep[l] })
		if (*set).Len() == 0 {
			return usageError{Err: fmt.Errorf("-classes: %s has no samples labelled %s (its labels: %s)", (*set).Source, o.dataFlags.classes, strings.Join((*set).Classes(), ", "))}
		}
	}
	return nil
}

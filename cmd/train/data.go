package main

import (
	"flag"
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
	valPath, scale, classes, splitKind string
	stream                             bool
	// recorded is the data record of the checkpoint a run resumes, nil
	// for a new run or for a checkpoint of an earlier version, which
	// unrecorded marks.
	recorded   *cli.DataRecord
	unrecorded bool
}

// register adds the data flags to fs: the commands' shared ones
// (cli.DataFlags) and training's own.
func (d *dataFlags) register(fs *flag.FlagSet) {
	d.DataFlags.Register(fs)
	fs.StringVar(&d.splitKind, "val-split-kind", data.SplitShuffledKind, "how -val-split draws: shuffled (stratified where there are labels) or tail (the unshuffled last F, for time series)")
	fs.StringVar(&d.valPath, "val-data", "", "a separate validation set, of the same kind as -data")
	fs.StringVar(&d.scale, "scale", "", "scaling: unit (x/255), minmax, standard, gcn-l1 (per-sample contrast normalisation, then min-max: Deep SVDD's) or none (default unit for 8-bit data, minmax for other data outside [0, 1])")
	fs.BoolVar(&d.stream, "stream", false, "read a .npy file from disk as training goes instead of loading it: for data larger than memory (blocks shuffled in a buffer)")
	fs.StringVar(&d.classes, "classes", "", "train and validate only on samples with these labels, such as 3 or cat,dog (one-class training)")
}

// options returns the reader's options, or a usage error naming the flag.
func (d dataFlags) options() (data.Options, error) {
	if d.splitKind != "" && d.splitKind != data.SplitShuffledKind && d.splitKind != data.SplitTail {
		return data.Options{}, usageError{Err: fmt.Errorf("-val-split-kind: %q: want %s or %s (for time series)", d.splitKind, data.SplitShuffledKind, data.SplitTail)}
	}
	opt, err := d.Options()
	opt.FileBacked = d.stream
	return opt, err
}

// samples is the data of a run: the training and validation sets, raw,
// and the metadata that records them in its checkpoints.
type samples struct {
	train, val *data.Set
	meta       map[string]string
}

// load reads -data (the bundled MNIST when empty) and the validation set:
// -val-data, else a shuffled -val-split of the training part, else the
// data's test part, else a shuffled 10% of the training part (stratified
// by label where there are labels; its last rows with -val-split-kind
// tail). A resumed run reads the data of its checkpoint, which must be the
// same as it was.
func (o *options) load(log logrus.FieldLogger) (*samples, error) {
	opt, err := o.dataFlags.options()
	if err != nil {
		return nil, err
	}
	if o.dataFlags.classes == "" {
		// Read no further than -limit; with -classes the limit counts
		// the rows of those classes, known only once read.
		opt.Limit = o.limit
	}
	split, path, err := data.OpenOrMNIST(o.dataFlags.Path, opt)
	if err != nil {
		return nil, cli.DataError("data", err)
	}
	fp, err := data.FingerprintOf(path, split.Train)
	if err != nil {
		return nil, cli.DataError("data", err)
	}
	if err := o.checkResumedData(fp, log); err != nil {
		return nil, err
	}
	rec := o.dataFlags.record(o.limit, fp)
	s := &samples{train: split.Train, val: split.Test}
	if err := o.filterClasses(s); err != nil {
		return nil, err
	}
	s.train = s.train.Head(o.limit)
	if o.dataFlags.valPath != "" {
		s.val, err = o.loadValData(opt)
	} else {
		rec.Split, err = o.holdOut(s, split.Test == nil, path, log)
	}
	if err != nil {
		return nil, err
	}
	s.meta, err = rec.Meta()
	return s, err
}

// loadValData reads -val-data: its test part if it has one, else its
// training part, of the -classes labels.
func (o *options) loadValData(opt data.Options) (*data.Set, error) {
	opt.Limit = 0 // -limit counts training samples
	opt.FileBacked = opt.FileBacked && data.FileBackable(o.dataFlags.valPath)
	vs, err := data.Open(o.dataFlags.valPath, opt)
	if err != nil {
		return nil, cli.DataError("val-data", err)
	}
	v := &samples{val: vs.Train}
	if vs.Test != nil {
		v.val = vs.Test
	}
	if err := o.filterClasses(v); err != nil {
		return nil, err
	}
	return v.val, nil
}

// holdOut splits the validation rows off s.train, unless the run
// validates on the test part, s.val, and logs the split; noTest tells
// that the data at path has no test part.
func (o *options) holdOut(s *samples, noTest bool, path string, log logrus.FieldLogger) (*data.SplitInfo, error) {
	split := o.splitInfo(s)
	if split == nil {
		return nil, nil
	}
	var err error
	if s.train, s.val, err = split.Apply(s.train); err != nil {
		return nil, usageError{Err: fmt.Errorf("-val-split: %w", err)}
	}
	what := "the training part"
	if noTest && !o.set["val-split"] {
		what = "the data, which has no test part"
	}
	log.WithField("data", path).Infof("validating on the %s of %s (-val-split %g)", split, what, split.Fraction)
	return split, nil
}

// record returns the record of the data these flags read, with the
// fingerprint of its training part.
func (d dataFlags) record(limit int, fp data.Fingerprint) *cli.DataRecord {
	return &cli.DataRecord{Path: cli.AbsPath(d.Path), LabelColumn: d.LabelColumn, Layout: d.Layout, Channels: d.Channels, Size: d.Size,
		Classes: d.classes, Limit: limit, ValData: cli.AbsPath(d.valPath), Stream: d.stream, Fingerprint: fp,
		Window: d.Window, Stride: d.Stride * min(d.Window, 1), TimeColumn: d.TimeColumn, Gaps: d.Gaps}
}

// splitInfo returns how to split the training part s into training and
// validation rows: the resumed checkpoint's split, else a -val-split (0.1
// for data without a test part) shuffled with -seed, stratified when s has
// labels, or its tail with -val-split-kind tail or for a checkpoint of an
// earlier version, which split so. It returns nil when the run validates
// on the test part.
func (o *options) splitInfo(s *samples) *data.SplitInfo {
	if r := o.dataFlags.recorded; r != nil {
		return r.Split
	}
	frac := o.valSplit
	if frac == 0 && s.val == nil {
		frac = 0.1
	}
	if frac == 0 {
		return nil
	}
	if o.dataFlags.splitKind == data.SplitTail || o.dataFlags.unrecorded {
		return &data.SplitInfo{Fraction: frac, Kind: data.SplitTail}
	}
	return &data.SplitInfo{Fraction: frac, Seed: o.seed, Kind: data.ShuffledKind(s.train)}
}

// filterClasses keeps only the samples of the -classes labels (one-class
// training), in both sets.
func (o *options) filterClasses(s *samples) error {
	if o.dataFlags.classes == "" {
		return nil
	}
	keep := cli.ClassFilter(o.dataFlags.classes)
	for _, set := range []**data.Set{&s.train, &s.val} {
		if *set == nil {
			continue
		}
		if (*set).Labels == nil {
			return usageError{Err: fmt.Errorf("-classes: %s has no labels", (*set).Source)}
		}
		*set = (*set).Filter(keep)
		if (*set).Len() == 0 {
			return usageError{Err: fmt.Errorf("-classes: %s has no samples labelled %s (its labels: %s)", (*set).Source, o.dataFlags.classes, strings.Join((*set).Classes(), ", "))}
		}
	}
	return nil
}

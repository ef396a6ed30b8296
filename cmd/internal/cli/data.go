package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// DataFlags are cmd/train's flags that say what the data is and how to
// read it.
type DataFlags struct {
	Path, LabelColumn, Layout, Size string
	Channels                        int
}

// Register adds -data, -label-column, -layout, -channels and -size to fs.
func (d *DataFlags) Register(fs *flag.FlagSet) {
	fs.StringVar(&d.Path, "data", "", "the data: a .csv, .npy or .npz file, a folder of PNG/JPEG images or of IDX files (default: the bundled MNIST)")
	fs.StringVar(&d.LabelColumn, "label-column", "", "the CSV column holding labels; the others are features")
	fs.StringVar(&d.Layout, "layout", "", "the order of 4-D arrays: nhwc (NumPy and Keras, the default) or nchw")
	fs.IntVar(&d.Channels, "channels", 0, "channels of folder images: 1 or 3 (default 3 if any image is in colour)")
	fs.StringVar(&d.Size, "size", "", "resize folder images to HxW, such as 64x64")
}

// Options returns the reader's options, or a usage error naming the flag.
func (d DataFlags) Options() (data.Options, error) {
	opt := data.Options{LabelColumn: d.LabelColumn, Layout: d.Layout, Channels: d.Channels}
	if d.Size != "" {
		h, w, ok := strings.Cut(strings.ToLower(d.Size), "x")
		var err1, err2 error
		opt.Height, err1 = strconv.Atoi(h)
		opt.Width, err2 = strconv.Atoi(w)
		if !ok || err1 != nil || err2 != nil || opt.Height <= 0 || opt.Width <= 0 {
			return opt, Usagef("size", "%q is not HxW, such as 64x64", d.Size)
		}
	}
	return opt, nil
}

// optionFlag maps data.Options fields to their flags.
var optionFlag = map[string]string{"Layout": "layout", "Channels": "channels", "Height, Width": "size", "LabelColumn": "label-column"}

// Open reads -data (the bundled MNIST when empty); .npy files are read
// as needed, not all at once. A bad option is a usage error naming its
// flag; a bad file an error naming -data and the file.
func (d DataFlags) Open() (*data.Split, error) {
	opt, err := d.Options()
	if err != nil {
		return nil, err
	}
	opt.FileBacked = true
	path := d.Path
	if path == "" {
		if path, err = data.BundledMNISTDir(); err != nil {
			return nil, err
		}
	}
	split, err := data.Open(path, opt)
	if err != nil {
		var oe *data.OptionError
		if errors.As(err, &oe) {
			return nil, UsageError{fmt.Errorf("-%s: %w", optionFlag[oe.Field], err)}
		}
		return nil, fmt.Errorf("-data: %w", err)
	}
	return split, nil
}

// Evaluated returns the part of a split that the commands evaluate: the
// test part if the data has one, else the whole (training) part.
func Evaluated(s *data.Split) (set *data.Set, part string) {
	if s.Test != nil {
		return s.Test, "test"
	}
	return s.Train, "all"
}

// CheckShape checks that the samples of set fit the net; the error names
// -data, the file and both shapes.
func CheckShape(a *nets.Autoencoder, set *data.Set) error {
	if _, err := a.Spec().ForData(set.Shape); err != nil {
		return fmt.Errorf("-data: %s: %w", set.Source, err)
	}
	return nil
}

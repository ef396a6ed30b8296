package cli

import (
	"errors"
	"flag"
	"fmt"

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
		var err error
		if opt.Height, opt.Width, err = data.ParseSize(d.Size); err != nil {
			return opt, UsageError{fmt.Errorf("-size: %w", err)}
		}
	}
	return opt, nil
}

// optionFlag maps data.Options fields to their flags.
var optionFlag = map[string]string{"Layout": "layout", "Channels": "channels", "Height, Width": "size", "LabelColumn": "label-column", "FileBacked": "stream", "Limit": "limit"}

// Open reads -data (the bundled MNIST when empty); .npy files are read
// as needed, not all at once. A bad option is a usage error naming its
// flag; a bad file an error naming -data and the file.
func (d DataFlags) Open() (*data.Split, error) {
	opt, err := d.Options()
	if err != nil {
		return nil, err
	}
	opt.FileBacked = data.FileBackable(d.Path) // .npy files are read as needed
	split, _, err := data.OpenOrMNIST(d.Path, opt)
	return split, DataError("data", err)
}

// DataError names the flag of a reader's error: a bad option is a usage
// error naming its flag, a bad file an error naming flag and file.
func DataError(flag string, err error) error {
	var oe *data.OptionError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &oe):
		return UsageError{fmt.Errorf("-%s: %w", optionFlag[oe.Field], err)}
	}
	return fmt.Errorf("-%s: %w", flag, err)
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

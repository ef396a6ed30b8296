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
	// Window, Stride, TimeColumn and Gaps cut a time series into
	// windows (data.WindowOptions).
	Window, Stride int
	TimeColumn     string
	Gaps           bool
	// InMemory reads .npy files whole, not as needed.
	InMemory bool
	fs       *flag.FlagSet // where Register added the flags
}

// Register adds -data, -label-column, -layout, -channels and -size to fs.
func (d *DataFlags) Register(fs *flag.FlagSet) {
	d.fs = fs
	fs.StringVar(&d.Path, "data", "", "the data: a .csv, .npy or .npz file, a folder of PNG/JPEG images or of IDX files (default: the bundled MNIST)")
	fs.StringVar(&d.LabelColumn, "label-column", "", "the CSV column holding labels; the others are features")
	fs.StringVar(&d.Layout, "layout", "", "the order of 4-D arrays: nhwc (NumPy and Keras, the default) or nchw")
	fs.IntVar(&d.Channels, "channels", 0, "channels of folder images: 1 or 3 (default 3 if any image is in colour)")
	fs.StringVar(&d.Size, "size", "", "resize folder images to HxW, such as 64x64")
	fs.IntVar(&d.Window, "window", 0, "cut a time series (rows are time, columns channels) into windows of this many steps")
	fs.IntVar(&d.Stride, "stride", 1, "steps from one -window to the next")
	fs.StringVar(&d.TimeColumn, "time-column", "", "the time series' timestamp column, kept for the outputs; times must rise by one step")
	fs.BoolVar(&d.Gaps, "allow-gaps", false, "accept a -time-column whose steps differ (gaps in the series)")
}

// RegisterForCheckpoint adds the flags as Register does, for the
// commands that put a checkpoint to work, whose -data defaults to the
// data the checkpoint records.
func (d *DataFlags) RegisterForCheckpoint(fs *flag.FlagSet) {
	d.Register(fs)
	fs.Lookup("data").Usage = "the data: a .csv, .npy or .npz file, a folder of PNG/JPEG images or of IDX files (default: the data the checkpoint records, read with its -label-column, -layout, -channels and -size unless given; else the bundled MNIST)"
}

// Options returns the reader's options, or a usage error naming the flag.
func (d DataFlags) Options() (data.Options, error) {
	opt := data.Options{LabelColumn: d.LabelColumn, Layout: d.Layout, Channels: d.Channels}
	if d.Window != 0 || d.given("stride") || d.TimeColumn != "" || d.Gaps {
		opt.WindowOptions = data.WindowOptions{Window: d.Window, Stride: d.Stride, TimeColumn: d.TimeColumn, Gaps: d.Gaps}
	}
	if d.Size != "" {
		var err error
		if opt.Height, opt.Width, err = data.ParseSize(d.Size); err != nil {
			return opt, UsageError{fmt.Errorf("-size: %w", err)}
		}
	}
	return opt, nil
}

// optionFlag maps data.Options fields to their flags.
var optionFlag = map[string]string{"Layout": "layout", "Channels": "channels", "Height, Width": "size", "LabelColumn": "label-column", "FileBacked": "stream", "Limit": "limit",
	"Window": "window", "Stride": "stride", "TimeColumn": "time-column", "Gaps": "allow-gaps"}

// Open reads -data (the bundled MNIST when empty); .npy files are read
// as needed, not all at once. A bad option is a usage error naming its
// flag; a bad file an error naming -data and the file.
func (d DataFlags) Open() (*data.Split, error) {
	opt, err := d.Options()
	if err != nil {
		return nil, err
	}
	opt.FileBacked = !d.InMemory && data.FileBackable(d.Path) // .npy files are read as needed
	split, _, err := data.OpenOrMNIST(d.Path, opt)
	return split, DataError("data", err)
}

// given reports whether the flag name was given on the command line;
// without the flag set Register added the flags to, whether its value is
// not the zero value.
func (d DataFlags) given(name string) bool {
	if d.fs != nil {
		set := false
		d.fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
		return set
	}
	switch name {
	case "data":
		return d.Path != ""
	case "label-column":
		return d.LabelColumn != ""
	case "layout":
		return d.Layout != ""
	case "channels":
		return d.Channels != 0
	case "size":
		return d.Size != ""
	case "stride":
		return d.Stride != 1
	}
	return false
}

// Recorded returns d reading, in place of the bundled MNIST, the data r
// (a checkpoint's record) names: when -data was not given and r records
// a path, that path, read with r's options but for those given on the
// command line, which win. It says so in what, for the log; what is ""
// when d is returned as it is.
func (d DataFlags) Recorded(r *DataRecord) (rd DataFlags, what string) {
	if r == nil || r.Path == "" || d.given("data") {
		return d, ""
	}
	d.Path = r.Path
	used := []string{"-data " + r.Path}
	for _, o := range []struct {
		name, value string
		set         func()
	}{
		{"label-column", r.LabelColumn, func() { d.LabelColumn = r.LabelColumn }},
		{"layout", r.Layout, func() { d.Layout = r.Layout }},
		{"channels", strconv.Itoa(r.Channels), func() { d.Channels = r.Channels }},
		{"size", r.Size, func() { d.Size = r.Size }},
		{"time-column", r.TimeColumn, func() { d.TimeColumn = r.TimeColumn }},
		{"allow-gaps", strconv.FormatBool(r.Gaps), func() { d.Gaps = r.Gaps }},
	} {
		if o.value != "" && o.value != "0" && o.value != "false" && !d.given(o.name) {
			o.set()
			used = append(used, "-"+o.name+" "+o.value)
		}
	}
	return d, "no -data: reading the data the checkpoint records, " + strings.Join(used, " ")
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

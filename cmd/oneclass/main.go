// Command oneclass runs the one-class anomaly benchmark of Deep SVDD (Ruff
// et al., ICML 2018): for each class, train on that class's training
// samples only, score the whole test part, and report the ROC AUC and
// average precision of "not this class".
//
//	oneclass -data mnist|fashion|DIR -method recon|svdd|both -epochs N [-svdd-epochs N] [-classes 0,6] -out DIR
//
// It writes DIR/oneclass.csv (class,method,auc,ap, then a mean row per
// method), DIR/class-C.json per class and DIR/class-C-METHOD.png, the
// most anomalous test samples above the least anomalous ones. A class
// whose results DIR holds, with the same settings, is not run again, so
// an interrupted run resumes where it stopped. The work is
// train/oneclass.Run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/train/oneclass"
)

// FashionDir is where Debian's dataset-fashion-mnist puts the IDX files.
const FashionDir = "/usr/share/datasets/fashion-mnist"

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return cli.Code("oneclass", runErr(ctx, args, stdout, stderr), stderr)
}

type options struct {
	data, method, classes, arch, scale, out string
	epochs, svddEpochs                      int
	nu, lr, svddLR, milestone               float64
	seed                                    uint64
}

func parse(args []string, stderr io.Writer) (*options, error) {
	var o options
	fs := cli.NewFlagSet("oneclass", "oneclass -data mnist|fashion|DIR -method recon|svdd|both -epochs N -out DIR")
	fs.StringVar(&o.data, "data", "mnist", "mnist (the bundled MNIST), fashion (Debian's dataset-fashion-mnist) or a labelled data folder or file")
	fs.StringVar(&o.method, "method", "both", "recon (reconstruction error), svdd (One-Class Deep SVDD) or both")
	fs.StringVar(&o.classes, "classes", "", "comma-separated classes to run (default all)")
	fs.StringVar(&o.arch, "arch", "lenet-mnist", "the net: a named spec or a .json spec file")
	fs.StringVar(&o.scale, "scale", data.ScaleGCNL1, "scaling fitted on each class: gcn-l1 (the paper's), unit, minmax, standard or none")
	fs.StringVar(&o.out, "out", "", "output folder (required)")
	fs.IntVar(&o.epochs, "epochs", 10, "epochs of autoencoder pre-training")
	fs.IntVar(&o.svddEpochs, "svdd-epochs", 0, "epochs of Deep SVDD's encoder stage (default: -epochs)")
	fs.Float64Var(&o.nu, "nu", 0, "soft-boundary Deep SVDD with this ν in (0, 1] (default the one-class objective)")
	fs.Float64Var(&o.lr, "lr", 0, "learning rate of pre-training (default the spec's: 1e-4 for lenet-mnist)")
	fs.Float64Var(&o.svddLR, "svdd-lr", 0, "learning rate of Deep SVDD's stage (default 1e-4, the reference's)")
	fs.Float64Var(&o.milestone, "milestone", 0, "drop each stage's learning rate tenfold after this fraction of its epochs (the reference code: 1/3); 0 never")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the shuffles")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case fs.NArg() > 0:
		return nil, cli.UsageError{Err: fmt.Errorf("unexpected arguments %v", fs.Args())}
	case o.out == "":
		return nil, cli.Usagef("out", "an output folder is required")
	case o.epochs <= 0:
		return nil, cli.Usagef("epochs", "must be positive, got %d", o.epochs)
	case o.svddEpochs < 0 || set["svdd-epochs"] && o.svddEpochs == 0:
		return nil, cli.Usagef("svdd-epochs", "must be positive, got %d", o.svddEpochs)
	}
	if o.lr < 0 || o.svddLR < 0 || set["lr"] && o.lr == 0 || set["svdd-lr"] && o.svddLR == 0 {
		return nil, cli.Usagef("lr", "learning rates must be positive, got %g and %g", o.lr, o.svddLR)
	}
	if set["nu"] {
		if err := nets.CheckNu(o.nu); err != nil {
			return nil, cli.Usagef("nu", "must be in (0, 1], got %g", o.nu)
		}
	}
	return &o, nil
}

func (o *options) methods() ([]string, error) {
	switch o.method {
	case "both":
		return []string{oneclass.Recon, oneclass.SVDD}, nil
	case oneclass.Recon, oneclass.SVDD:
		return []string{o.method}, nil
	}
	return nil, cli.Usagef("method", "want recon, svdd or both, got %q", o.method)
}

func runErr(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	methods, err := o.methods()
	if err != nil {
		return err
	}
	spec, err := loadSpec(o.arch)
	if err != nil {
		return cli.Usagef("arch", "%v", err)
	}
	d, err := openData(o.data)
	if err != nil {
		return cli.DataError("data", err)
	}
	if o.lr > 0 {
		spec.LearningRate = o.lr
	}
	cfg := oneclass.Config{Data: d, Spec: spec, Scale: o.scale, Methods: methods, Epochs: o.epochs,
		SVDDEpochs: o.svddEpochs, SVDD: train.SVDDOptions{Nu: o.nu, LearningRate: o.svddLR}, Milestone: o.milestone, Seed: o.seed, Out: o.out, Log: cli.Logger(stderr)}
	if o.classes != "" {
		cfg.Classes = strings.Split(o.classes, ",")
	}
	res, err := oneclass.Run(ctx, cfg)
	if err != nil {
		var se *nets.SpecError
		if errors.As(err, &se) {
			return cli.Usagef("arch", "%v", err)
		}
		return err
	}
	for _, r := range res {
		fmt.Fprintf(stdout, "class %s %s: ROC AUC %.4f, AP %.4f\n", r.Class, r.Method, r.AUC, r.AP)
	}
	return nil
}

// loadSpec returns the named spec or the spec file.
func loadSpec(arch string) (nets.Spec, error) {
	if strings.HasSuffix(arch, ".json") {
		return nets.ReadSpecFile(arch)
	}
	return nets.Named(arch)
}

// openData opens mnist, fashion or a path.
func openData(name string) (*data.Split, error) {
	switch name {
	case "mnist":
		d, _, err := data.OpenOrMNIST("", data.Options{})
		return d, err
	case "fashion":
		d, err := data.Open(FashionDir, data.Options{})
		if err != nil {
			return nil, fmt.Errorf("%w (install Debian's dataset-fashion-mnist)", err)
		}
		return d, nil
	}
	return data.Open(name, data.Options{})
}

// Command eval scores a checkpoint on the held-out part of its data
// (-data; without it the data the checkpoint records, else the bundled
// MNIST): the test part, or for data without one the rows the training
// run did not train on, as its checkpoint records them (-all scores every
// row): the mean squared error per value of its reconstructions, and for a
// BCE model its binary cross-entropy, in the units the net works in, next
// to the mean squared error of PCA with as many components as the net's
// code has units (at most the samples' values and the training rows less
// one), fitted on the rows the net trained on where the checkpoint records
// them, else on the training part. When PCA has as many components as the
// samples have values it reconstructs them exactly, and no ratio is
// printed. For a concrete autoencoder it compares its selected features
// with as many random ones.
//
//	go run ./cmd/eval runs/dense/best.safetensors
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/baseline"
	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/viz"
)

func main() {
	os.Exit(cli.Code("eval", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// options are the parsed command line.
type options struct {
	ckpt, pictures string
	data           cli.DataFlags
	noPCA, all     bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := cli.NewFlagSet("eval", "eval [-data PATH] [-all] [-no-pca] [-pictures DIR] CHECKPOINT")
	o.data.RegisterForCheckpoint(fs)
	fs.BoolVar(&o.noPCA, "no-pca", false, "skip the PCA baseline")
	fs.BoolVar(&o.all, "all", false, "score every sample, training ones included (default: the held-out part: the test part, or the rows the net did not train on)")
	fs.StringVar(&o.pictures, "pictures", "", "also draw the seed pictures of the checkpoint into this folder")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, cli.UsageError{Err: errors.New("want one checkpoint file")}
	}
	o.ckpt = fs.Arg(0)
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	o.data.InMemory = true // evaluate reads the samples whole
	in, err := cli.OpenInputs(o.ckpt, o.data, cli.Logger(stderr))
	if err != nil {
		return err
	}
	defer in.Close()
	scored, err := in.Scored(o.all)
	if err != nil {
		return err
	}
	if err := cli.CheckShape(in.Net, scored.Set); err != nil {
		return err
	}
	return evaluate(o, in.Net, scored, in.Data.Train.Source, stdout)
}

// evaluate scores the net on the scored part of the data at dir, prints
// the figures, draws the pictures and compares with the baselines.
func evaluate(o *options, ae *nets.Autoencoder, scored cli.Scored, dir string, stdout io.Writer) error {
	test := scored.Set
	x, err := ae.Scale(test.X)
	if err != nil {
		return fmt.Errorf("-data: %s: %w", dir, err)
	}
	s, err := ae.Evaluate(x)
	if err != nil {
		return err
	}
	if math.IsNaN(s.MSE) || math.IsInf(s.MSE, 0) {
		return fmt.Errorf("%s: the reconstructions are not finite (MSE %v)", o.ckpt, s.MSE)
	}
	units := graph.Size(ae.CodeShape())
	fmt.Fprintf(stdout, "%s: %s net, %d code units, %d samples (%s of %s)\n", o.ckpt, ae.Spec().Name, units, test.Len(), scored.Part, dir)
	if scored.Note != "" {
		fmt.Fprintf(stdout, "every sample scored: %s\n", scored.Note)
	}
	if ae.Spec().LossName() == string(graph.BCE) {
		fmt.Fprintf(stdout, "autoencoder  BCE/value %.5f (its loss)  MSE/value %.5f\n", s.BCE, s.MSE)
	} else {
		fmt.Fprintf(stdout, "autoencoder  MSE/value %.5f (its loss)\n", s.MSE)
	}
	if o.pictures != "" {
		files, err := drawPictures(o.ckpt, ae, x, test.Labels, o.pictures)
		if err != nil {
			return fmt.Errorf("-pictures: %w", err)
		}
		fmt.Fprintf(stdout, "pictures: %s\n", strings.Join(files, ", "))
	}
	if o.noPCA {
		return nil
	}
	trainX, err := ae.Scale(scored.Train.X)
	if err != nil {
		return err
	}
	if sel := ae.Selected(); sel != nil {
		return compareSelections(stdout, sel, trainX, x, graph.Size(ae.SampleShape()), s.MSE)
	}
	return comparePCA(stdout, trainX, x, graph.Size(ae.SampleShape()), units, s.MSE)
}

// comparePCA prints the mean squared error of PCA with as many components
// as the code has units, fitted on the training rows, but no more than
// the samples have values and the training rows less one can give.
func comparePCA(stdout io.Writer, trainX, x []float32, dim, units int, mse float64) error {
	rows := len(trainX) / dim
	k := min(units, dim, rows-1)
	if k < 1 {
		fmt.Fprintf(stdout, "PCA: skipped, %d training rows fit no component\n", rows)
		return nil
	}
	name := fmt.Sprintf("PCA (%d)", k)
	if k < units {
		name = fmt.Sprintf("PCA (%d components, not %d: the samples have %d values, the training rows %d)", k, units, dim, rows)
	}
	pca, err := baseline.FitPCA(trainX, dim, k)
	if err != nil {
		return err
	}
	r, err := pca.Reconstruct(x)
	if err != nil {
		return err
	}
	ps, err := nets.ScoreReconstructions(x, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s  MSE/value %.5f\n", name, ps.MSE)
	if k == dim || ps.MSE == 0 {
		fmt.Fprintf(stdout, "PCA with %d components reconstructs these %d-value samples exactly: no ratio to compare\n", k, dim)
		return nil
	}
	fmt.Fprintf(stdout, "autoencoder MSE / PCA MSE = %.3f\n", mse/ps.MSE)
	return nil
}

// compareSelections prints, for a concrete autoencoder's K selected
// features, the mean squared error of reconstructing the samples linearly
// from them, from K features chosen at random (seeded), and of PCA with K
// components.
func compareSelections(stdout io.Writer, sel []int, trainX, x []float32, dim int, mse float64) error {
	fmt.Fprintf(stdout, "selected features: %v\n", sel)
	random := rand.New(rand.NewPCG(1, 2)).Perm(dim)[:len(sel)]
	for _, c := range []struct {
		name string
		cols []int
	}{{"linear, from the selected", sel}, {"linear, from random", random}} {
		f, err := baseline.FitFeatureRegression(trainX, dim, c.cols)
		if err != nil {
			return err
		}
		r, err := f.Reconstruct(x)
		if err != nil {
			return err
		}
		sc, err := nets.ScoreReconstructions(x, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-27s MSE/value %.5f\n", c.name, sc.MSE)
	}
	return comparePCA(stdout, trainX, x, dim, len(sel), mse)
}

// drawPictures draws the pictures of the checkpoint at path into dir, as
// cmd/train does after training: from the test samples, their labels (nil
// when there are none) and the history the checkpoint keeps. They are
// written into a temporary folder and moved into dir together, or not at
// all.
func drawPictures(path string, ae *nets.Autoencoder, test []float32, labels []string, dir string) ([]string, error) {
	c, err := nets.ReadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	h, err := train.CheckpointHistory(c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pics, err := cli.ModelPictures(ae, h, test, labels)
	if err != nil {
		return nil, err
	}
	out, err := cli.NewOutputs(dir)
	if err != nil {
		return nil, err
	}
	defer out.Abort()
	for _, p := range pics {
		if err := viz.SavePNG(out.Path(p.Name), p.Image); err != nil {
			return nil, err
		}
	}
	return out.Commit()
}

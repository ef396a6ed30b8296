// Command eval scores a checkpoint on the MNIST test set: the binary
// cross-entropy and the mean squared error per pixel of its
// reconstructions, next to the mean squared error of PCA with as many
// components as the net's code has units, fitted on the training set.
//
//	go run ./cmd/eval runs/dense/best.safetensors
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/viz"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: eval [-data DIR] [-no-pca] [-pictures DIR] CHECKPOINT")
		fs.PrintDefaults()
	}
	dataDir := fs.String("data", "", "folder of MNIST IDX files (default: the bundled copy)")
	noPCA := fs.Bool("no-pca", false, "skip the PCA baseline")
	pictures := fs.String("pictures", "", "also draw the seed pictures of the checkpoint into this folder")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("want one checkpoint file")
	}
	path := fs.Arg(0)
	ae, err := nets.Load(path)
	if err != nil {
		return err
	}
	defer ae.Close()
	mnist, dir, err := data.OpenMNIST(*dataDir)
	if err != nil {
		return err
	}
	dim := graph.Size(ae.SampleShape())
	if mnist.Test.Dim() != dim {
		return fmt.Errorf("-data: %s holds %dx%d images, %s takes %v", dir, mnist.Test.Rows, mnist.Test.Cols, path, ae.SampleShape())
	}
	s, err := ae.Evaluate(mnist.Test.Pixels)
	if err != nil {
		return err
	}
	units := graph.Size(ae.CodeShape())
	fmt.Fprintf(stdout, "%s: %s net, %d code units, %d test images\n", path, ae.Spec().Name, units, mnist.Test.N)
	fmt.Fprintf(stdout, "autoencoder  BCE/pixel %.5f  MSE/pixel %.5f\n", s.BCE, s.MSE)
	if *pictures != "" {
		files, err := drawPictures(path, ae, mnist.Test.Pixels, mnist.TestLabels, *pictures)
		if err != nil {
			return fmt.Errorf("-pictures: %w", err)
		}
		fmt.Fprintf(stdout, "pictures: %s\n", strings.Join(files, ", "))
	}
	if *noPCA {
		return nil
	}
	pca, err := nets.FitPCA(mnist.Train.Pixels, dim, units)
	if err != nil {
		return err
	}
	r, err := pca.Reconstruct(mnist.Test.Pixels)
	if err != nil {
		return err
	}
	ps, err := nets.ScoreReconstructions(mnist.Test.Pixels, r)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "PCA (%d)     %-19s MSE/pixel %.5f\n", units, "", ps.MSE)
	fmt.Fprintf(stdout, "autoencoder MSE / PCA MSE = %.3f\n", s.MSE/ps.MSE)
	return nil
}

// drawPictures draws the pictures of the checkpoint at path into dir, as
// cmd/train does after training: from the test samples, their labels (nil
// when there are none) and the history the checkpoint keeps.
func drawPictures(path string, ae *nets.Autoencoder, test []float32, labels []uint8, dir string) ([]string, error) {
	c, err := train.ReadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	h, err := c.History()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	spec := ae.Spec()
	in := viz.Input{
		Title: spec.Name, X: test, Image: ae.ImageShape(), Dim: graph.Size(ae.SampleShape()), N: 10,
		Loss: h.Loss(), ValLoss: h.ValLoss(), Terms: termSeries(h),
		Variational: spec.VAE,
	}
	if labels != nil {
		in.Labels = viz.LabelNames(labels)
	}
	noise, err := train.ParseNoise(spec.Noise)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if noise != nil {
		// the same noise as cmd/train's pictures
		in.Corrupt = func(x []float32) { noise.Corrupt(rand.New(rand.NewPCG(1, 0)), x) }
	}
	pics, err := viz.ModelPictures(ae, in)
	if err != nil {
		return nil, err
	}
	return viz.SavePictures(dir, pics)
}

// termSeries returns the history's loss terms, one series per name in the
// order they first appear; NaN for an epoch that lacks one.
func termSeries(h *train.History) []viz.Series {
	var out []viz.Series
	index := map[string]int{}
	for e, l := range h.Epochs {
		for _, t := range l.Terms {
			i, ok := index[t.Name]
			if !ok {
				i = len(out)
				index[t.Name] = i
				s := viz.Series{Name: t.Name, Train: make([]float64, len(h.Epochs)), Val: make([]float64, len(h.Epochs))}
				for k := range s.Train {
					s.Train[k], s.Val[k] = math.NaN(), math.NaN()
				}
				out = append(out, s)
			}
			out[i].Train[e], out[i].Val[e] = t.Value, t.Val
		}
	}
	return out
}

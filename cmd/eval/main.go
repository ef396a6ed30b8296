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
		files, err := drawPictures(path, ae, mnist.Test.Pixels, *pictures)
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

// drawPictures draws the seed pictures of the checkpoint at path, its loss
// curve from the history the checkpoint keeps, into dir.
func drawPictures(path string, ae *nets.Autoencoder, test []float32, dir string) ([]string, error) {
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
	img := ae.ImageShape()
	pics, err := viz.SeedPictures(ae, ae.Spec().Name, test, 10, img[1], img[2], h.Loss(), h.ValLoss())
	if err != nil {
		return nil, err
	}
	return viz.SavePictures(dir, pics)
}

package main

import (
	"fmt"
	"image"
	"path/filepath"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/viz"
)

// pictureCount is how many test digits the pictures show, as the seeds do.
const pictureCount = 10

// writePictures draws the seeds' pictures of a trained net into dir:
// reconstructions.png, filters.png, codes.png and loss.png. test holds
// images of the net's input size, row after row.
func writePictures(ae *nets.Autoencoder, hist *train.History, test []float32, dir string) ([]string, error) {
	dim := graph.Size(ae.SampleShape())
	n := min(pictureCount, len(test)/dim)
	if n == 0 {
		return nil, fmt.Errorf("no test images to draw")
	}
	x := test[:n*dim]
	h, w := ae.Config().Height, ae.Config().Width
	recon, err := ae.Reconstruct(x)
	if err != nil {
		return nil, err
	}
	pictures := []struct {
		name string
		draw func() (image.Image, error)
	}{
		{"reconstructions.png", func() (image.Image, error) { return viz.Reconstructions(x, recon, n, h, w) }},
		{"filters.png", func() (image.Image, error) {
			tiles, fn, fh, fw, err := ae.Filters()
			if err != nil {
				return nil, err
			}
			return viz.Filters(tiles, fn, fh, fw)
		}},
		{"codes.png", func() (image.Image, error) {
			codes, err := ae.Encode(x)
			if err != nil {
				return nil, err
			}
			cs := ae.CodeShape()
			if len(cs) == 3 && cs[0] > 1 {
				codes = viz.SideBySide(codes, n, cs[0], cs[1], cs[2])
			}
			ch, cw := viz.CodeLayout(cs)
			return viz.Codes(codes, n, ch, cw)
		}},
		{"loss.png", func() (image.Image, error) { return viz.LossCurve(ae.Config().Arch, hist.Loss(), hist.ValLoss()) }},
	}
	var written []string
	for _, p := range pictures {
		img, err := p.draw()
		if err == nil {
			err = viz.SavePNG(filepath.Join(dir, p.name), img)
		}
		if err != nil {
			return written, fmt.Errorf("%s: %w", p.name, err)
		}
		written = append(written, filepath.Join(dir, p.name))
	}
	return written, nil
}

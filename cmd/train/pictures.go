package main

import (
	"fmt"
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
	var written []string
	save := func(name string, draw func() (imgErr error)) error {
		if err := draw(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		written = append(written, filepath.Join(dir, name))
		return nil
	}

	recon, err := ae.Reconstruct(x)
	if err != nil {
		return nil, err
	}
	err = save("reconstructions.png", func() error {
		img, err := viz.Reconstructions(x, recon, n, h, w)
		if err != nil {
			return err
		}
		return viz.SavePNG(filepath.Join(dir, "reconstructions.png"), img)
	})
	if err != nil {
		return written, err
	}

	err = save("filters.png", func() error {
		tiles, fn, fh, fw, err := ae.Filters()
		if err != nil {
			return err
		}
		img, err := viz.Filters(tiles, fn, fh, fw)
		if err != nil {
			return err
		}
		return viz.SavePNG(filepath.Join(dir, "filters.png"), img)
	})
	if err != nil {
		return written, err
	}

	err = save("codes.png", func() error {
		codes, err := ae.Encode(x)
		if err != nil {
			return err
		}
		cs := ae.CodeShape()
		if len(cs) == 3 && cs[0] > 1 {
			codes = viz.SideBySide(codes, n, cs[0], cs[1], cs[2])
		}
		ch, cw := viz.CodeLayout(cs)
		img, err := viz.Codes(codes, n, ch, cw)
		if err != nil {
			return err
		}
		return viz.SavePNG(filepath.Join(dir, "codes.png"), img)
	})
	if err != nil {
		return written, err
	}

	err = save("loss.png", func() error {
		img, err := viz.LossCurve(ae.Config().Arch, hist.Loss(), hist.ValLoss())
		if err != nil {
			return err
		}
		return viz.SavePNG(filepath.Join(dir, "loss.png"), img)
	})
	return written, err
}

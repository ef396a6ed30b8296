package oneclass

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/go-autoencoders/ae/viz"
)

// ends returns the indices of the n highest scores, highest first, and of
// the n lowest, lowest first.
func ends(scores []float64, n int) (most, least []int) {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	n = min(n, len(idx))
	least = slices.Clone(idx[len(idx)-n:])
	slices.Reverse(least)
	return slices.Clone(idx[:n]), least
}

// writePictures writes Out/class-C-METHOD.png for each method of f: the
// most anomalous test samples in the upper rows, the least anomalous (the
// most normal) in the lower rows, as raw pixels. Data that are no images
// get none.
func writePictures(cfg Config, class string, f *classFile) error {
	shape := cfg.Data.Test.Shape
	if len(shape) != 3 {
		return nil
	}
	c, h, w := shape[0], shape[1], shape[2]
	size := c * h * w
	scale := float32(1)
	if cfg.Data.Test.Uint8 {
		scale = 1.0 / 255
	}
	for _, m := range cfg.Methods {
		idx := append(slices.Clone(f.Most[m]), f.Least[m]...)
		if len(idx) == 0 {
			continue
		}
		px := make([]float32, 0, len(idx)*size)
		for _, i := range idx {
			for _, v := range cfg.Data.Test.X[i*size : (i+1)*size] {
				px = append(px, v*scale)
			}
		}
		img, err := viz.TilesCHW(px, len(idx), c, h, w, Picture/2, 2, viz.Fixed)
		if err != nil {
			return fmt.Errorf("oneclass: class %s picture: %w", class, err)
		}
		path := filepath.Join(cfg.Out, fmt.Sprintf("class-%s-%s.png", class, m))
		if err := viz.SavePNG(path, img); err != nil {
			return fmt.Errorf("oneclass: %w", err)
		}
	}
	return nil
}

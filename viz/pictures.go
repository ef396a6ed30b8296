package viz

import (
	"fmt"
	"image"
)

// Reconstructions draws n images of h×w pixels from orig in one row and
// their reconstructions from recon in the row below, as the seeds show
// them.
func Reconstructions(orig, recon []float32, n, h, w int) (image.Image, error) {
	if len(orig) < n*h*w || len(recon) < n*h*w {
		return nil, fmt.Errorf("viz: reconstructions: %d originals and %d reconstructions hold fewer than %d images of %dx%d", len(orig)/max(1, h*w), len(recon)/max(1, h*w), n, h, w)
	}
	top, err := Tiles(orig, n, h, w, n, 2, Fixed)
	if err != nil {
		return nil, err
	}
	bottom, err := Tiles(recon, n, h, w, n, 2, Fixed)
	if err != nil {
		return nil, err
	}
	return Stack(top, bottom), nil
}

// Filters draws n filters of h×w weights, each stretched to its own range,
// in rows of up to 16 (8 for larger counts of small kernels), enlarged so
// that a 3x3 kernel is as readable as a 28x28 one.
func Filters(weights []float32, n, h, w int) (image.Image, error) {
	zoom := max(1, 56/max(h, w))
	return Tiles(weights, n, h, w, min(n, 16), zoom, PerTile)
}

// Codes draws n codes, each a tile of h×w values stretched to its own
// range: the 7x7 code of the conv model, a 32-unit code as 4x8, in one row;
// wider strips in two.
func Codes(codes []float32, n, h, w int) (image.Image, error) {
	zoom, cols := max(2, 80/max(h, w)), n
	if w > 2*h { // long strips, the maps of a multi-channel code side by side
		zoom, cols = max(2, 160/w), max(1, (n+1)/2)
	}
	return Tiles(codes, n, h, w, cols, zoom, PerTile)
}

// CodeLayout returns the tile size a code of the given shape is drawn at:
// (c, h, w) as c maps of h×w side by side, h×(c·w); a flat code of n units
// as the most nearly square rectangle with at most as many rows as
// columns, 32 as 4x8.
func CodeLayout(shape []int) (h, w int) {
	switch len(shape) {
	case 3:
		return shape[1], shape[0] * shape[2]
	case 2:
		return shape[0], shape[1]
	case 1:
		n := shape[0]
		for r := 1; r*r <= n; r++ {
			if n%r == 0 {
				h = r
			}
		}
		return h, n / h
	}
	return 1, 1
}

// SideBySide reorders n codes of shape (c, h, w), channel after channel,
// into rows of h×(c·w) that show the c maps side by side.
func SideBySide(codes []float32, n, c, h, w int) []float32 {
	out := make([]float32, n*c*h*w)
	for i := 0; i < n; i++ {
		src, dst := codes[i*c*h*w:], out[i*c*h*w:]
		for ch := 0; ch < c; ch++ {
			for y := 0; y < h; y++ {
				copy(dst[y*c*w+ch*w:y*c*w+ch*w+w], src[(ch*h+y)*w:(ch*h+y)*w+w])
			}
		}
	}
	return out
}

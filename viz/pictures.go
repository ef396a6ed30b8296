package viz

import (
	"fmt"
	"image"
)

// Reconstructions draws n images of h×w pixels from orig in one row and
// their reconstructions from recon in the row below, as the seeds show
// them.
func Reconstructions(orig, recon []float32, n, h, w int) (image.Image, error) {
	return ReconstructionsCHW(orig, recon, n, 1, h, w)
}

// ReconstructionsCHW is Reconstructions for images of c planes of h×w
// pixels in [0, 1], channels first: gray for c = 1, colour for c = 3.
func ReconstructionsCHW(orig, recon []float32, n, c, h, w int) (image.Image, error) {
	return imageRows("reconstructions", n, c, h, w, orig, recon)
}

// Denoised draws the denoising autoencoder's figure from n images of h×w
// pixels: the noisy inputs in the top row, their reconstructions in the
// middle one and the clean originals at the bottom.
func Denoised(noisy, recon, clean []float32, n, h, w int) (image.Image, error) {
	return DenoisedCHW(noisy, recon, clean, n, 1, h, w)
}

// DenoisedCHW is Denoised for images of c planes of h×w pixels, channels
// first: gray for c = 1, colour for c = 3.
func DenoisedCHW(noisy, recon, clean []float32, n, c, h, w int) (image.Image, error) {
	return imageRows("denoised", n, c, h, w, noisy, recon, clean)
}

// imageRows draws the first n images of each series in a row of its own,
// the rows one above the other.
func imageRows(what string, n, c, h, w int, series ...[]float32) (image.Image, error) {
	if n <= 0 || c <= 0 || h <= 0 || w <= 0 {
		return nil, fmt.Errorf("viz: %s: n=%d and the image shape %dx%dx%d must be positive", what, n, c, h, w)
	}
	rows := make([]image.Image, len(series))
	for i, s := range series {
		if len(s) < n*c*h*w {
			return nil, fmt.Errorf("viz: %s: row %d holds %d values, fewer than %d images of %dx%dx%d", what, i+1, len(s), n, c, h, w)
		}
		var err error
		if rows[i], err = TilesCHW(s, n, c, h, w, n, 2, Fixed); err != nil {
			return nil, fmt.Errorf("viz: %s: %w", what, err)
		}
	}
	return stack(rows...), nil
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
// (c, h, w) as its c maps of h×w side by side, h×(c·w), up to 8 maps; more
// maps in a grid of r rows of c/r maps, as nearly square as c allows with
// at most as many rows as columns (32 maps as 4 rows of 8); a flat code of
// n units as the most nearly square rectangle with at most as many rows
// as columns, 32 as 4x8.
func CodeLayout(shape []int) (h, w int) {
	switch len(shape) {
	case 3:
		r := mapRows(shape[0])
		return r * shape[1], shape[0] / r * shape[2]
	case 2:
		return shape[0], shape[1]
	case 1:
		r := squarest(shape[0])
		return r, shape[0] / r
	}
	return 1, 1
}

// maxSideBySide is the most maps of a code drawn in one row.
const maxSideBySide = 8

// mapRows is the number of rows the c maps of a code are drawn in.
func mapRows(c int) int {
	if c <= maxSideBySide {
		return 1
	}
	return squarest(c)
}

// squarest returns the largest divisor r of n with r·r <= n.
func squarest(n int) int {
	h := 1
	for r := 1; r*r <= n; r++ {
		if n%r == 0 {
			h = r
		}
	}
	return h
}

// SideBySide reorders n codes of shape (c, h, w), channel after channel,
// into tiles of the size CodeLayout gives: the c maps side by side in one
// row of h×(c·w), or for more than 8 maps in a grid of rows of maps.
func SideBySide(codes []float32, n, c, h, w int) []float32 {
	r := mapRows(c)
	per := c / r // maps a row
	out := make([]float32, n*c*h*w)
	for i := 0; i < n; i++ {
		src, dst := codes[i*c*h*w:], out[i*c*h*w:]
		for ch := 0; ch < c; ch++ {
			row, col := ch/per, ch%per
			for y := 0; y < h; y++ {
				at := (row*h+y)*per*w + col*w
				copy(dst[at:at+w], src[(ch*h+y)*w:(ch*h+y)*w+w])
			}
		}
	}
	return out
}

package viz

import (
	"fmt"
	"image"
	"math"
)

// NormalQuantile returns the quantile of the standard normal distribution
// at probability p in (0, 1): the code below which a fraction p of a VAE's
// prior lies (scipy's norm.ppf).
func NormalQuantile(p float64) float64 {
	return math.Sqrt2 * math.Erfinv(2*p-1)
}

// ManifoldGrid returns the n codes of a side of Manifold's grid: the
// normal quantiles at n probabilities evenly spaced from lo to hi, as the
// Keras blog's norm.ppf(np.linspace(0.05, 0.95, 15)).
func ManifoldGrid(n int, lo, hi float64) ([]float64, error) {
	if n < 2 {
		return nil, fmt.Errorf("viz: manifold: a grid of %d codes a side; want 2 or more", n)
	}
	if !(0 < lo && lo < hi && hi < 1) {
		return nil, fmt.Errorf("viz: manifold: probabilities from %v to %v; want 0 < lo < hi < 1", lo, hi)
	}
	g := make([]float64, n)
	for i := range g {
		g[i] = NormalQuantile(lo + (hi-lo)*float64(i)/float64(n-1))
	}
	return g, nil
}

// Manifold draws what a decoder makes of a regular grid of 2-D codes, the
// Keras blog's picture of a VAE's learnt manifold: n×n images of h×w pixels
// without gaps between them. Along both axes the codes are the quantiles of
// N(0, 1) at probabilities evenly spaced from lo to hi (0.05 and 0.95 in
// the blog: codes from -1.645 to 1.645; see ManifoldGrid), so that each
// cell stands for the same share of the prior. The first code value grows
// from left to right and the second from bottom to top, as on a plot's
// axes.
//
// decode gets all n·n codes in one call, two values each, row after row
// from the top left, and must return n·n images of h×w values in [0, 1] in
// the same order.
func Manifold(decode func(z []float32) ([]float32, error), n int, lo, hi float64, h, w int) (image.Image, error) {
	grid, err := ManifoldGrid(n, lo, hi)
	if err != nil {
		return nil, err
	}
	if h <= 0 || w <= 0 {
		return nil, fmt.Errorf("viz: manifold: images of %dx%d", h, w)
	}
	z := make([]float32, 0, 2*n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			z = append(z, float32(grid[j]), float32(grid[n-1-i]))
		}
	}
	imgs, err := decode(z)
	if err != nil {
		return nil, fmt.Errorf("viz: manifold: %w", err)
	}
	if len(imgs) != n*n*h*w {
		return nil, fmt.Errorf("viz: manifold: the decoder returned %d values for %d images of %dx%d", len(imgs), n*n, h, w)
	}
	out := image.NewGray(image.Rect(0, 0, n*w, n*h))
	for k := 0; k < n*n; k++ {
		x0, y0 := (k%n)*w, (k/n)*h
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[(y0+y)*out.Stride+x0+x] = gray(imgs[k*h*w+y*w+x], 0, 1)
			}
		}
	}
	return out, nil
}

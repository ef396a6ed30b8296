package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
)

// Scaling says how tile values map to gray levels.
type Scaling int

const (
	// Fixed maps [0, 1] to black..white and clamps outside it: pixels.
	Fixed Scaling = iota
	// PerTile stretches each tile's own range to black..white, from its
	// 1st to its 99th percentile, so that a few outliers (the weights of
	// border pixels that no digit ever lights, left at their initial values)
	// do not wash out the rest: weights and codes, whose range is arbitrary.
	PerTile
)

// Tiles draws n tiles of th×tw values, stored one after the other in data,
// in a grid of cols columns, each value as a zoom×zoom square, with a
// one-square gray border between tiles.
func Tiles(data []float32, n, th, tw, cols, zoom int, s Scaling) (*image.Gray, error) {
	if n <= 0 || th <= 0 || tw <= 0 || cols <= 0 || zoom <= 0 {
		return nil, fmt.Errorf("viz: tiles: n=%d, tile %dx%d, cols=%d and zoom=%d must be positive", n, th, tw, cols, zoom)
	}
	if len(data) < n*th*tw {
		return nil, fmt.Errorf("viz: tiles: %d values for %d tiles of %dx%d", len(data), n, th, tw)
	}
	cols = min(cols, n)
	rows := (n + cols - 1) / cols
	gap := tileGap(zoom)
	w := cols*tw*zoom + (cols+1)*gap
	h := rows*th*zoom + (rows+1)*gap
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255 // white between tiles
	}
	for t := 0; t < n; t++ {
		tile := data[t*th*tw : (t+1)*th*tw]
		lo, hi := float32(0), float32(1)
		if s == PerTile {
			lo, hi = percentiles(tile, 0.01, 0.99)
		}
		x0 := gap + (t%cols)*(tw*zoom+gap)
		y0 := gap + (t/cols)*(th*zoom+gap)
		for y := 0; y < th; y++ {
			for x := 0; x < tw; x++ {
				g := gray(tile[y*tw+x], lo, hi)
				for dy := 0; dy < zoom; dy++ {
					row := img.Pix[(y0+y*zoom+dy)*img.Stride+x0+x*zoom:]
					for dx := 0; dx < zoom; dx++ {
						row[dx] = g
					}
				}
			}
		}
	}
	return img, nil
}

// tileGap is the width of the white border between tiles drawn at zoom: a
// pixel's width, up to 4 screen pixels, then half a pixel's width.
func tileGap(zoom int) int {
	if zoom >= 4 {
		return max(4, zoom/2)
	}
	return zoom
}

// percentiles returns the values at the fractions a and b of v's sorted
// finite values.
func percentiles(v []float32, a, b float64) (lo, hi float32) {
	s := make([]float32, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return 0, 1
	}
	slices.Sort(s)
	at := func(f float64) float32 { return s[int(math.Round(f*float64(len(s)-1)))] }
	return at(a), at(b)
}

func gray(v, lo, hi float32) uint8 {
	if hi <= lo || v != v {
		return 0
	}
	f := (v - lo) / (hi - lo)
	return uint8(math.Round(float64(255 * min(max(f, 0), 1))))
}

// Stack returns the images one above the other, left-aligned, on a white
// background: originals above reconstructions, a picture above another.
func Stack(imgs ...image.Image) *image.Gray {
	w, h := 0, 0
	for _, m := range imgs {
		w, h = max(w, m.Bounds().Dx()), h+m.Bounds().Dy()
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	y := 0
	for _, m := range imgs {
		b := m.Bounds()
		for dy := 0; dy < b.Dy(); dy++ {
			for dx := 0; dx < b.Dx(); dx++ {
				out.Set(dx, y+dy, color.GrayModel.Convert(m.At(b.Min.X+dx, b.Min.Y+dy)))
			}
		}
		y += b.Dy()
	}
	return out
}

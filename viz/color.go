package viz

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
)

// TilesCHW draws n images of c planes of h×w values each (channels first,
// as the nets keep them), like Tiles: in gray for c = 1, in colour for
// c = 3 (red, green and blue planes). PerTile stretches each image's own
// range, over its three planes together so that its colours keep their
// balance.
func TilesCHW(data []float32, n, c, h, w, cols, zoom int, s Scaling) (image.Image, error) {
	switch c {
	case 1:
		return Tiles(data, n, h, w, cols, zoom, s)
	case 3:
		return colorTiles(data, n, h, w, cols, zoom, s)
	}
	return nil, fmt.Errorf("viz: tiles: %d channels; want 1 (gray) or 3 (RGB)", c)
}

// colorTiles draws n RGB images of 3 planes of h×w values.
func colorTiles(data []float32, n, h, w, cols, zoom int, s Scaling) (*image.RGBA, error) {
	if len(data) < n*3*h*w {
		return nil, fmt.Errorf("viz: tiles: %d values for %d images of 3x%dx%d", len(data), n, h, w)
	}
	// Draw each plane as gray tiles, then merge the three.
	planes := make([][]float32, 3)
	for ch := range planes {
		planes[ch] = make([]float32, n*h*w)
		for i := 0; i < n; i++ {
			copy(planes[ch][i*h*w:(i+1)*h*w], data[(i*3+ch)*h*w:(i*3+ch+1)*h*w])
		}
	}
	var grays [3]*image.Gray
	for ch := range grays {
		var err error
		if grays[ch], err = Tiles(planes[ch], n, h, w, cols, zoom, Fixed); err != nil {
			return nil, err
		}
	}
	if s == PerTile {
		stretchColorTiles(grays, data, n, h, w, cols, zoom)
	}
	img := image.NewRGBA(grays[0].Bounds())
	for i := range grays[0].Pix {
		img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = grays[0].Pix[i], grays[1].Pix[i], grays[2].Pix[i], 255
	}
	return img, nil
}

// stretchColorTiles redraws each tile of the three planes with the range of
// the whole image.
func stretchColorTiles(grays [3]*image.Gray, data []float32, n, h, w, cols, zoom int) {
	gap := tileGap(zoom)
	for t := 0; t < n; t++ {
		lo, hi := percentiles(data[t*3*h*w:(t+1)*3*h*w], 0.01, 0.99)
		x0 := gap + (t%cols)*(w*zoom+gap)
		y0 := gap + (t/cols)*(h*zoom+gap)
		for ch, g := range grays {
			plane := data[(t*3+ch)*h*w:]
			for y := 0; y < h*zoom; y++ {
				for x := 0; x < w*zoom; x++ {
					g.Pix[(y0+y)*g.Stride+x0+x] = gray(plane[(y/zoom)*w+x/zoom], lo, hi)
				}
			}
		}
	}
}

// stack returns the images one above the other, left-aligned, on a white
// background: a gray image when all of them are gray, else a colour one.
func stack(imgs ...image.Image) image.Image {
	for _, m := range imgs {
		if _, ok := m.(*image.Gray); !ok {
			return stackRGBA(imgs...)
		}
	}
	return Stack(imgs...)
}

func stackRGBA(imgs ...image.Image) *image.RGBA {
	w, h := 0, 0
	for _, m := range imgs {
		w, h = max(w, m.Bounds().Dx()), h+m.Bounds().Dy()
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	y := 0
	for _, m := range imgs {
		b := m.Bounds()
		draw.Draw(out, image.Rect(0, y, b.Dx(), y+b.Dy()), m, b.Min, draw.Src)
		y += b.Dy()
	}
	return out
}

package viz

import (
	"fmt"
	"image"
	"path/filepath"
)

// Autoencoder is what the seed pictures need of a trained net;
// *nets.Autoencoder is one.
type Autoencoder interface {
	Reconstruct(x []float32) ([]float32, error)
	Encode(x []float32) ([]float32, error)
	// Filters returns the first layer's weights as n tiles of h×w.
	Filters() (tiles []float32, n, h, w int, err error)
	// CodeShape is the shape of one code: (32), (1, 7, 7), (8, 4, 4).
	CodeShape() []int
}

// Picture is one of the seed pictures: a file name and the image.
type Picture struct {
	Name  string
	Image image.Image
}

// SeedPictures draws the four pictures the seed tutorials end with, from the
// first n images of h×w pixels in x (row after row) and the loss history:
// reconstructions.png, filters.png, codes.png and, when there is a history,
// loss.png.
func SeedPictures(ae Autoencoder, title string, x []float32, n, h, w int, loss, valLoss []float64) ([]Picture, error) {
	if n <= 0 || len(x) < n*h*w {
		return nil, fmt.Errorf("viz: %d values hold fewer than %d images of %dx%d", len(x), n, h, w)
	}
	x = x[:n*h*w]
	recon, err := ae.Reconstruct(x)
	if err != nil {
		return nil, err
	}
	draws := []struct {
		name string
		draw func() (image.Image, error)
	}{
		{"reconstructions.png", func() (image.Image, error) { return Reconstructions(x, recon, n, h, w) }},
		{"filters.png", func() (image.Image, error) {
			tiles, fn, fh, fw, err := ae.Filters()
			if err != nil {
				return nil, err
			}
			return Filters(tiles, fn, fh, fw)
		}},
		{"codes.png", func() (image.Image, error) {
			codes, err := ae.Encode(x)
			if err != nil {
				return nil, err
			}
			cs := ae.CodeShape()
			if len(cs) == 3 && cs[0] > 1 {
				codes = SideBySide(codes, n, cs[0], cs[1], cs[2])
			}
			ch, cw := CodeLayout(cs)
			return Codes(codes, n, ch, cw)
		}},
		{"loss.png", func() (image.Image, error) { return LossCurve(title, loss, valLoss) }},
	}
	if len(loss) == 0 {
		draws = draws[:3]
	}
	var out []Picture
	for _, d := range draws {
		img, err := d.draw()
		if err != nil {
			return out, fmt.Errorf("viz: %s: %w", d.name, err)
		}
		out = append(out, Picture{d.name, img})
	}
	return out, nil
}

// SavePictures writes each picture into dir under its name and returns the
// paths written.
func SavePictures(dir string, pics []Picture) ([]string, error) {
	var paths []string
	for _, p := range pics {
		path := filepath.Join(dir, p.Name)
		if err := SavePNG(path, p.Image); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

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
// loss.png. ModelPictures draws those of any model.
func SeedPictures(ae Autoencoder, title string, x []float32, n, h, w int, loss, valLoss []float64) ([]Picture, error) {
	if n <= 0 || len(x) < n*h*w {
		return nil, fmt.Errorf("viz: %d values hold fewer than %d images of %dx%d", len(x), n, h, w)
	}
	in := Input{Title: title, X: x[:n*h*w], Image: []int{1, h, w}, N: n, Loss: loss, ValLoss: valLoss}
	return ModelPictures(noDecoder{ae}, in)
}

// noDecoder is an Autoencoder for pictures that decode no codes of their
// own.
type noDecoder struct{ Autoencoder }

func (noDecoder) Decode([]float32) ([]float32, error) {
	return nil, fmt.Errorf("viz: the model has no decoder")
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

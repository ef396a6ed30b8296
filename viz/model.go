package viz

import (
	"fmt"
	"image"
)

// Model is what ModelPictures needs of a trained net; *nets.Autoencoder is
// one.
type Model interface {
	Autoencoder
	// Decode returns the outputs for codes, row after row.
	Decode(codes []float32) ([]float32, error)
}

// Input is what ModelPictures shows a model, and what is known of it.
type Input struct {
	// Title names the model on the plots.
	Title string
	// X holds test samples, row after row.
	X []float32
	// Image is the (C, H, W) shape of a sample, C = 1 or 3; nil for rows
	// of Dim values that are no images (tabular data).
	Image []int
	// Dim is the number of values of a sample when Image is nil.
	Dim int
	// Labels, if not nil, labels the samples of X (LabelNames makes them
	// from MNIST's digits); latent.png is coloured by them.
	Labels []string
	// Names, if not nil, names the Dim features of tabular data.
	Names []string
	// N is how many samples the reconstructions, codes and denoised
	// pictures show; 0 means 10.
	N int
	// Loss, ValLoss and Terms are the history, one value per epoch; no
	// loss.png without it.
	Loss, ValLoss []float64
	Terms         []Series
	// Corrupt, for a denoising model, adds its noise in place to a copy
	// of the samples shown (from a seeded source, so that the picture is
	// the same every time); nil for the others.
	Corrupt func(x []float32)
	// Variational asks for the pictures of a VAE's code: latent.png, and
	// manifold.png when the code has two values and the samples are gray
	// images.
	Variational bool
	// LatentRows is how many samples latent.png shows; 0 means all of X
	// up to 10,000, as the Keras blog shows the whole MNIST test set.
	LatentRows int
	// Selected, for a concrete autoencoder on images, are the features
	// (pixels of the first channel) it keeps: selected.png shows them.
	Selected []int
}

// Manifold settings of ModelPictures: the Keras blog's 15×15 grid over the
// normal quantiles from 5% to 95%.
const (
	ManifoldSize           = 15
	ManifoldLo, ManifoldHi = 0.05, 0.95
)

// ModelPictureNames are the files of every picture ModelPictures may
// draw, whichever it draws for a model.
var ModelPictureNames = []string{"reconstructions.png", "filters.png", "codes.png", "loss.png",
	"denoised.png", "latent.png", "manifold.png", "selected.png"}

// ModelPictures draws the pictures of a trained model, each only where it
// applies:
//
//   - reconstructions.png: the first N samples above their reconstructions,
//     in gray or colour; for tabular data, inputs against reconstructions
//     feature by feature, and each feature's error (Features);
//   - filters.png: the first layer's weights, unless it has none; for
//     tabular data, a dense layer's as one units×features heat map
//     (FilterMatrix);
//   - codes.png: each sample's code as an image;
//   - loss.png: the loss per epoch, next to each of its terms (LossTerms);
//   - denoised.png, given Corrupt, for images: noisy inputs, their
//     reconstructions and the clean originals;
//   - latent.png, for a variational model: the test codes in the plane,
//     coloured by label (LatentPlane);
//   - manifold.png, for a variational model with a 2-D code on gray
//     images: the 15×15 grid of decoded codes (Manifold);
//   - selected.png, given Selected, for images: the pixels a concrete
//     selector keeps, white on black, over the mean of the samples shown.
func ModelPictures(m Model, in Input) ([]Picture, error) {
	dim, err := in.sampleSize()
	if err != nil {
		return nil, err
	}
	n := in.N
	if n <= 0 {
		n = 10
	}
	n = min(n, len(in.X)/dim)
	if n == 0 {
		return nil, fmt.Errorf("viz: %d values hold no sample of %d", len(in.X), dim)
	}
	x := in.X[:n*dim]
	recon, err := m.Reconstruct(x)
	if err != nil {
		return nil, err
	}
	tiles, fn, fh, fw, noFilters := m.Filters()
	draws := []struct {
		name string
		when bool
		draw func() (image.Image, error)
	}{
		{"reconstructions.png", true, func() (image.Image, error) {
			if in.Image == nil {
				return Features(x, recon, n, dim, in.Names)
			}
			return ReconstructionsCHW(x, recon, n, in.Image[0], in.Image[1], in.Image[2])
		}},
		{"filters.png", noFilters == nil, func() (image.Image, error) { return filtersPicture(tiles, fn, fh, fw, in.Image != nil) }},
		{"codes.png", true, func() (image.Image, error) { return drawCodes(m, x, n) }},
		{"loss.png", len(in.Loss) > 0, func() (image.Image, error) { return LossTerms(in.Title, in.Loss, in.ValLoss, in.Terms) }},
		{"denoised.png", in.Corrupt != nil && in.Image != nil, func() (image.Image, error) { return drawDenoised(m, x, n, in) }},
		{"latent.png", in.Variational, func() (image.Image, error) { return drawLatent(m, in, dim) }},
		{"manifold.png", in.Variational && size(m.CodeShape()) == 2 && in.Image != nil && in.Image[0] == 1,
			func() (image.Image, error) {
				return Manifold(m.Decode, ManifoldSize, ManifoldLo, ManifoldHi, in.Image[1], in.Image[2])
			}},
	}
	draws = append(draws, struct {
		name string
		when bool
		draw func() (image.Image, error)
	}{"selected.png", len(in.Selected) > 0 && in.Image != nil, func() (image.Image, error) {
		return SelectedPixels(in.Selected, x, n, in.Image[1], in.Image[2])
	}})
	var out []Picture
	for _, d := range draws {
		if !d.when {
			continue
		}
		img, err := d.draw()
		if err != nil {
			return out, fmt.Errorf("viz: %s: %w", d.name, err)
		}
		out = append(out, Picture{d.name, img})
	}
	return out, nil
}

// sampleSize checks the sample shape and returns the values per sample.
func (in Input) sampleSize() (int, error) {
	if in.Image == nil {
		if in.Dim <= 0 {
			return 0, fmt.Errorf("viz: neither an image shape nor a sample size (Dim=%d)", in.Dim)
		}
		return in.Dim, nil
	}
	if len(in.Image) != 3 || (in.Image[0] != 1 && in.Image[0] != 3) || in.Image[1] <= 0 || in.Image[2] <= 0 {
		return 0, fmt.Errorf("viz: image shape %v; want (C, H, W) with C = 1 or 3", in.Image)
	}
	return size(in.Image), nil
}

// drawCodes draws the codes of x's n samples.
func drawCodes(m Model, x []float32, n int) (image.Image, error) {
	codes, err := m.Encode(x)
	if err != nil {
		return nil, err
	}
	cs := m.CodeShape()
	if len(cs) == 3 && cs[0] > 1 {
		codes = SideBySide(codes, n, cs[0], cs[1], cs[2])
	}
	ch, cw := CodeLayout(cs)
	return Codes(codes, n, ch, cw)
}

// drawDenoised corrupts a copy of x and draws it above its reconstruction
// and the clean x.
func drawDenoised(m Model, x []float32, n int, in Input) (image.Image, error) {
	noisy := append([]float32(nil), x...)
	in.Corrupt(noisy)
	recon, err := m.Reconstruct(noisy)
	if err != nil {
		return nil, err
	}
	return DenoisedCHW(noisy, recon, x, n, in.Image[0], in.Image[1], in.Image[2])
}

// drawLatent draws the codes of the first LatentRows samples.
func drawLatent(m Model, in Input, dim int) (image.Image, error) {
	rows := in.LatentRows
	if rows <= 0 {
		rows = 10000
	}
	rows = min(rows, len(in.X)/dim)
	codes, err := m.Encode(in.X[:rows*dim])
	if err != nil {
		return nil, err
	}
	var labels []string
	if in.Labels != nil {
		if len(in.Labels) < rows {
			return nil, fmt.Errorf("%d labels for %d samples", len(in.Labels), rows)
		}
		labels = in.Labels[:rows]
	}
	title := fmt.Sprintf("%s: codes of %d test samples", in.Title, rows)
	return LatentPlane(codes, size(m.CodeShape()), labels, title)
}

func size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// SelectedPixels draws the pixels of an h×w image that a concrete selector
// keeps: white, over the mean of the n samples x (first channel) at a
// third of its brightness, so that the selection shows where the digits
// are.
func SelectedPixels(selected []int, x []float32, n, h, w int) (image.Image, error) {
	if n <= 0 || len(x) < n*h*w {
		return nil, fmt.Errorf("viz: %d values hold fewer than %d images of %dx%d", len(x), n, h, w)
	}
	img := make([]float32, h*w)
	per := len(x) / n
	for i := 0; i < n; i++ {
		for j := range img {
			img[j] += x[i*per+j] / float32(3*n)
		}
	}
	for _, p := range selected {
		if p < 0 || p >= h*w {
			return nil, fmt.Errorf("viz: selected pixel %d outside a %dx%d image", p, h, w)
		}
		img[p] = 1
	}
	return Tiles(img, 1, h, w, 1, 8, Fixed)
}

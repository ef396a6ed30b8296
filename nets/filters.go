package nets

import "fmt"

// Filters returns the weights of the first layer as n tiles of h×w, one
// after the other: for a dense first layer, the weights into each unit as
// an image of the input's size (one row of values for data that are no
// images; the first channel of colour images); for a convolution, each
// filter's kernel on the first input channel.
func (a *Autoencoder) Filters() (tiles []float32, n, h, w int, err error) {
	first := a.plan.encoder[0]
	name := first.name + "/w"
	s, wd := a.params.Shape(name), a.params.Data(name)
	switch first.Type {
	case TypeDense:
		in, units := s[0], s[1]
		h, w = 1, in
		if img := a.ImageShape(); img != nil {
			h, w = img[1], img[2]
		}
		tiles = make([]float32, units*h*w)
		for u := 0; u < units; u++ {
			for i := 0; i < h*w; i++ {
				tiles[u*h*w+i] = wd[i*units+u]
			}
		}
		return tiles, units, h, w, nil
	case TypeConv2D:
		f, in, kh, kw := s[0], s[1], s[2], s[3]
		tiles = make([]float32, f*kh*kw)
		for o := 0; o < f; o++ {
			copy(tiles[o*kh*kw:(o+1)*kh*kw], wd[o*in*kh*kw:o*in*kh*kw+kh*kw])
		}
		return tiles, f, kh, kw, nil
	}
	return nil, 0, 0, 0, fmt.Errorf("nets: the first layer, %s, is no dense or conv2d layer and has no filters to show", first.name)
}

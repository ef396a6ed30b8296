package nets

import "fmt"

// Filters returns the weights of the first layer as n tiles of h×w, one
// after the other: for a dense first layer, the weights into each unit as
// an image of the input's size (one row of values for data that are no
// images; the first channel of colour images); for a convolution, each
// filter's kernel on the first input channel.
func (a *Autoencoder) Filters() (tiles []float32, n, h, w int, err error) {
	first := a.plan.encoder[0]
	k, _ := kindOf(first.Type)
	if k.filters == nil {
		return nil, 0, 0, 0, fmt.Errorf("nets: the first layer, %s, is no %s layer and has no filters to show",
			first.name, orList(kindNames(func(k kind) bool { return k.filters != nil })))
	}
	name := first.name + "/" + k.params[0] // the kernel
	tiles, n, h, w = k.filters(a.params.Shape(name), a.params.Data(name), a.ImageShape())
	return tiles, n, h, w, nil
}

// denseFilters shows the weights into each unit, (in, units), as an image
// of the input's shape, or a row of in values.
func denseFilters(ws []int, wd []float32, image []int) (tiles []float32, n, h, w int) {
	in, units := ws[0], ws[1]
	h, w = 1, in
	if image != nil {
		h, w = image[1], image[2]
	}
	tiles = make([]float32, units*h*w)
	for u := 0; u < units; u++ {
		for i := 0; i < h*w; i++ {
			tiles[u*h*w+i] = wd[i*units+u]
		}
	}
	return tiles, units, h, w
}

// convFilters shows each filter, (f, in, kh, kw), on its first input
// channel.
func convFilters(ws []int, wd []float32, _ []int) (tiles []float32, n, h, w int) {
	f, in, kh, kw := ws[0], ws[1], ws[2], ws[3]
	tiles = make([]float32, f*kh*kw)
	for o := 0; o < f; o++ {
		copy(tiles[o*kh*kw:(o+1)*kh*kw], wd[o*in*kh*kw:o*in*kh*kw+kh*kw])
	}
	return tiles, f, kh, kw
}

package nets

import "fmt"

// Filters returns the weights of the first layer as n tiles of h×w, one
// after the other: for dense, sparse and deep, the weights into each of the
// first layer's units as an image of the input's size; for the conv archs,
// each filter's kernel on the first input channel.
func (a *Autoencoder) Filters() (tiles []float32, n, h, w int, err error) {
	p := a.params
	switch a.cfg.Arch {
	case "dense", "sparse", "deep":
		name := "encoder/dense0/w"
		s := p.Shape(name)
		if len(s) != 2 {
			return nil, 0, 0, 0, fmt.Errorf("nets: %s has shape %v, want (in, units)", name, s)
		}
		in, units := s[0], s[1]
		wd := p.Data(name)
		tiles = make([]float32, in*units)
		for u := 0; u < units; u++ {
			for i := 0; i < in; i++ {
				tiles[u*in+i] = wd[i*units+u]
			}
		}
		return tiles, units, a.cfg.Height, a.cfg.Width, nil
	default:
		name := "encoder/conv0/w"
		s := p.Shape(name)
		if len(s) != 4 {
			return nil, 0, 0, 0, fmt.Errorf("nets: %s has shape %v, want (filters, in, kh, kw)", name, s)
		}
		f, in, kh, kw := s[0], s[1], s[2], s[3]
		wd := p.Data(name)
		tiles = make([]float32, f*kh*kw)
		for o := 0; o < f; o++ {
			copy(tiles[o*kh*kw:(o+1)*kh*kw], wd[o*in*kh*kw:o*in*kh*kw+kh*kw])
		}
		return tiles, f, kh, kw, nil
	}
}

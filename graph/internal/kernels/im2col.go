package kernels

// ConvGeom describes a stride-1 2-D convolution of one image.
type ConvGeom struct {
	C, H, W    int // input channels and size
	KH, KW     int // kernel size
	PadT, PadL int // zero padding before the first row and column
	OH, OW     int // output size
}

// Im2Col writes the patches of x (C·H·W) into col, a (C·KH·KW) × (OH·OW)
// row-major matrix; positions in the padding are zero.
func Im2Col(g ConvGeom, x, col []float32) {
	ohw := g.OH * g.OW
	for c := 0; c < g.C; c++ {
		xc := x[c*g.H*g.W : (c+1)*g.H*g.W]
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				row := col[((c*g.KH+ky)*g.KW+kx)*ohw:][:ohw]
				for oy := 0; oy < g.OH; oy++ {
					iy := oy + ky - g.PadT
					dst := row[oy*g.OW : (oy+1)*g.OW]
					if iy < 0 || iy >= g.H {
						clear(dst)
						continue
					}
					src := xc[iy*g.W : (iy+1)*g.W]
					for ox := range dst {
						ix := ox + kx - g.PadL
						if ix < 0 || ix >= g.W {
							dst[ox] = 0
						} else {
							dst[ox] = src[ix]
						}
					}
				}
			}
		}
	}
}

// Col2Im adds the patches in col back into dx (C·H·W): the adjoint of Im2Col.
func Col2Im(g ConvGeom, col, dx []float32) {
	ohw := g.OH * g.OW
	for c := 0; c < g.C; c++ {
		dc := dx[c*g.H*g.W : (c+1)*g.H*g.W]
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				row := col[((c*g.KH+ky)*g.KW+kx)*ohw:][:ohw]
				for oy := 0; oy < g.OH; oy++ {
					iy := oy + ky - g.PadT
					if iy < 0 || iy >= g.H {
						continue
					}
					src := row[oy*g.OW : (oy+1)*g.OW]
					dst := dc[iy*g.W : (iy+1)*g.W]
					for ox, v := range src {
						ix := ox + kx - g.PadL
						if ix >= 0 && ix < g.W {
							dst[ix] += v
						}
					}
				}
			}
		}
	}
}

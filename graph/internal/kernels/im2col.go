package kernels

// ConvGeom describes a 2-D convolution of one image. The direct Conv needs
// stride 1; GemmConv takes any stride.
type ConvGeom struct {
	C, H, W    int // input channels and size
	KH, KW     int // kernel size
	PadT, PadL int // zero padding before the first row and column
	OH, OW     int // output size
	SH, SW     int // stride; 0 means 1
}

// Strides returns the vertical and horizontal strides, 1 where unset.
func (g ConvGeom) Strides() (sh, sw int) { return max(g.SH, 1), max(g.SW, 1) }

// Im2Col writes the patches of x (C·H·W) into col, a (C·KH·KW) × (OH·OW)
// row-major matrix; positions in the padding are zero.
func Im2Col(g ConvGeom, x, col []float32) {
	sh, sw := g.Strides()
	ohw := g.OH * g.OW
	for c := 0; c < g.C; c++ {
		xc := x[c*g.H*g.W : (c+1)*g.H*g.W]
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				row := col[((c*g.KH+ky)*g.KW+kx)*ohw:][:ohw]
				// the output columns whose input column lies inside
				ox0, ox1 := validRange(g.OW, sw, kx-g.PadL, g.W)
				for oy := 0; oy < g.OH; oy++ {
					iy := oy*sh + ky - g.PadT
					dst := row[oy*g.OW : (oy+1)*g.OW]
					if iy < 0 || iy >= g.H || ox0 >= ox1 {
						clear(dst)
						continue
					}
					src := xc[iy*g.W : (iy+1)*g.W]
					clear(dst[:ox0])
					clear(dst[ox1:])
					ix := ox0*sw + kx - g.PadL
					if sw == 1 {
						copy(dst[ox0:ox1], src[ix:])
						continue
					}
					for ox := ox0; ox < ox1; ox++ {
						dst[ox] = src[ix]
						ix += sw
					}
				}
			}
		}
	}
}

// validRange returns the o in [lo, hi) within [0, n) for which o·s + off
// lies in [0, size).
func validRange(n, s, off, size int) (lo, hi int) {
	lo = 0
	if off < 0 {
		lo = (-off + s - 1) / s
	}
	hi = 0
	if size-off > 0 {
		hi = (size - off + s - 1) / s // first o with o·s + off ≥ size
	}
	return min(lo, n), min(max(hi, 0), n)
}

// Col2Im adds the patches in col back into dx (C·H·W): the adjoint of Im2Col.
func Col2Im(g ConvGeom, col, dx []float32) {
	sh, sw := g.Strides()
	ohw := g.OH * g.OW
	for c := 0; c < g.C; c++ {
		dc := dx[c*g.H*g.W : (c+1)*g.H*g.W]
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				row := col[((c*g.KH+ky)*g.KW+kx)*ohw:][:ohw]
				ox0, ox1 := validRange(g.OW, sw, kx-g.PadL, g.W)
				if ox0 >= ox1 {
					continue
				}
				for oy := 0; oy < g.OH; oy++ {
					iy := oy*sh + ky - g.PadT
					if iy < 0 || iy >= g.H {
						continue
					}
					src := row[oy*g.OW+ox0 : oy*g.OW+ox1]
					dst := dc[iy*g.W : (iy+1)*g.W]
					ix := ox0*sw + kx - g.PadL
					if sw == 1 {
						dst = dst[ix : ix+len(src)]
						for i, v := range src {
							dst[i] += v
						}
						continue
					}
					for _, v := range src {
						dst[ix] += v
						ix += sw
					}
				}
			}
		}
	}
}

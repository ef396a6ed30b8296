package kernels

// Conv is a stride-1 2-D convolution of Cout filters over C-channel images,
// computed directly rather than through im2col. Each input image is copied
// into zero-padded planes of Hp×Wp; an output plane is then computed on a
// grid of OH rows of Wp cells (the last Wp-OW of each row are thrown away),
// so that every kernel tap (c, ky, kx) is one shifted run of the padded
// input, long enough to vectorise well even for one channel. The gradients
// work the same way. A Conv keeps scratch buffers and is not safe for
// concurrent use.
type Conv struct {
	G    ConvGeom
	Cout int

	hp, wp, np int     // padded input planes; positions per output plane
	offs       []int32 // taps into the padded input, in (c, ky, kx) order
	hq, wq, nq int     // padded output-gradient planes; positions per input-gradient plane
	offsT      []int32 // taps into the padded output gradient, in (o, ky, kx) order

	wT      []float32 // kernel flipped and transposed to (c, o, ky, kx)
	partial []float32 // the kernel gradient of each chunk of images
	scratch []convScratch
}

type convScratch struct {
	pad []float32 // padded planes of one image
	out []float32 // one image's output planes on the wide grid
	acc []float32 // lane sums of the kernel gradient
	col []float32 // the taps' runs of one padded image, one per row
}

// NewConv returns the convolution of cout filters with geometry g.
func NewConv(g ConvGeom, cout int) *Conv {
	c := &Conv{G: g, Cout: cout}
	c.hp, c.wp = g.OH+g.KH-1, g.OW+g.KW-1
	c.np = roundUp16(g.OH * c.wp)
	for ch := 0; ch < g.C; ch++ {
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				c.offs = append(c.offs, int32(ch*c.hp*c.wp+ky*c.wp+kx))
			}
		}
	}
	c.hq, c.wq = g.H+g.KH-1, g.W+g.KW-1
	c.nq = roundUp16(g.H * c.wq)
	for o := 0; o < cout; o++ {
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				c.offsT = append(c.offsT, int32(o*c.hq*c.wq+ky*c.wq+kx))
			}
		}
	}
	c.wT = make([]float32, len(c.offsT)*g.C)
	return c
}

func roundUp16(n int) int { return (n + 15) &^ 15 }

// work returns the scratch of worker i, sized for the widest of the three
// passes.
func (c *Conv) work(i int) *convScratch {
	for len(c.scratch) <= i {
		g := c.G
		padLen := max(g.C*c.hp*c.wp+c.np, c.Cout*c.hq*c.wq+c.nq) + 16
		outLen := max(c.Cout*c.np, g.C*c.nq)
		c.scratch = append(c.scratch, convScratch{
			pad: make([]float32, padLen),
			out: make([]float32, outLen),
		})
	}
	return &c.scratch[i]
}

// each runs f over ranges covering [0, items), on as many goroutines as
// work, in multiply-adds, is worth, giving each its own scratch.
func (c *Conv) each(items, work int, f func(s *convScratch, lo, hi int)) {
	parts := splits(items, work)
	for i := range parts {
		c.work(i)
	}
	split(items, parts, func(i, lo, hi int) { f(&c.scratch[i], lo, hi) })
}

// padPlanes copies planes planes of h×w from src into dst as planes of
// hp×wp, placing src's cell (0, 0) at (top, left) and zeroing the rest.
// Cells of src that fall outside the padded plane are dropped.
func padPlanes(dst, src []float32, planes, h, w, hp, wp, top, left int) {
	for p := 0; p < planes; p++ {
		d, s := dst[p*hp*wp:(p+1)*hp*wp], src[p*h*w:(p+1)*h*w]
		clear(d)
		for y := 0; y < h; y++ {
			r := y + top
			if r < 0 || r >= hp {
				continue
			}
			x0, x1 := max(0, -left), min(w, wp-left)
			if x0 < x1 {
				copy(d[r*wp+left+x0:r*wp+left+x1], s[y*w+x0:y*w+x1])
			}
		}
	}
}

// Forward sets y, (n, Cout, OH, OW), to the convolution of x, (n, C, H, W),
// with w, (Cout, C, KH, KW).
func (c *Conv) Forward(n int, x, w, y []float32) {
	g := c.G
	chw, ohw := g.C*g.H*g.W, g.OH*g.OW
	ks := cur()
	c.each(n, n*c.Cout*c.np*len(c.offs), func(s *convScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			padPlanes(s.pad, x[i*chw:(i+1)*chw], g.C, g.H, g.W, c.hp, c.wp, g.PadT, g.PadL)
			yi := y[i*c.Cout*ohw : (i+1)*c.Cout*ohw]
			clear(s.out[:c.Cout*c.np])
			tapsAll(ks, c.Cout, s.out, c.np, s.pad, c.offs, w)
			for o := 0; o < c.Cout; o++ {
				wide := s.out[o*c.np : (o+1)*c.np]
				yo := yi[o*ohw : (o+1)*ohw]
				for r := 0; r < g.OH; r++ {
					copy(yo[r*g.OW:(r+1)*g.OW], wide[r*c.wp:r*c.wp+g.OW])
				}
			}
		}
	})
}

// GradInput sets dx, (n, C, H, W), to the gradient of the input for the
// output gradient gy, (n, Cout, OH, OW).
func (c *Conv) GradInput(n int, w, gy, dx []float32) {
	g := c.G
	kk := g.KH * g.KW
	// wT[c][o][a][b] = w[o][c][KH-1-a][KW-1-b]
	for o := 0; o < c.Cout; o++ {
		for ch := 0; ch < g.C; ch++ {
			src := w[(o*g.C+ch)*kk : (o*g.C+ch+1)*kk]
			dst := c.wT[(ch*c.Cout+o)*kk : (ch*c.Cout+o+1)*kk]
			for j := range dst {
				dst[j] = src[kk-1-j]
			}
		}
	}
	chw, ohw := g.C*g.H*g.W, g.OH*g.OW
	ks := cur()
	c.each(n, n*g.C*c.nq*len(c.offsT), func(s *convScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			padPlanes(s.pad, gy[i*c.Cout*ohw:(i+1)*c.Cout*ohw], c.Cout, g.OH, g.OW, c.hq, c.wq, g.KH-1-g.PadT, g.KW-1-g.PadL)
			dxi := dx[i*chw : (i+1)*chw]
			clear(s.out[:g.C*c.nq])
			tapsAll(ks, g.C, s.out, c.nq, s.pad, c.offsT, c.wT)
			for ch := 0; ch < g.C; ch++ {
				wide := s.out[ch*c.nq : (ch+1)*c.nq]
				dc := dxi[ch*g.H*g.W : (ch+1)*g.H*g.W]
				for r := 0; r < g.H; r++ {
					copy(dc[r*g.W:(r+1)*g.W], wide[r*c.wq:r*c.wq+g.W])
				}
			}
		}
	})
}

// kernelChunk is how many images one partial sum of the kernel gradient
// covers. The partial sums of fixed chunks are added in order, so that the
// gradient does not depend on how the chunks are split over goroutines.
const kernelChunk = 4

// GradKernel is a matrix product rather than a dot product per filter and
// tap when there are gemmKernelOuts filters or more, each of gemmKernelTaps
// taps or more: then the products fill the micro kernel's tiles.
const (
	gemmKernelOuts = 16
	gemmKernelTaps = 64
)

// GradKernel adds to dw, (Cout, C, KH, KW), the gradient of the kernel for
// the input x and the output gradient gy.
func (c *Conv) GradKernel(n int, x, gy, dw []float32) {
	g := c.G
	chw, ohw, k := g.C*g.H*g.W, g.OH*g.OW, len(c.offs)
	size := c.Cout * k
	chunks := (n + kernelChunk - 1) / kernelChunk
	c.partial = grow(c.partial, chunks*size)
	ks := cur()
	byGemm := c.Cout >= gemmKernelOuts && k >= gemmKernelTaps
	c.each(chunks, n*c.Cout*c.np*k, func(s *convScratch, lo, hi int) {
		// the wide output gradient: zero outside the OH×OW cells
		clear(s.out[:c.Cout*c.np])
		if byGemm {
			s.col = grow(s.col, k*c.np)
		} else {
			s.acc = grow(s.acc, size*16)
		}
		for ch := lo; ch < hi; ch++ {
			part := c.partial[ch*size : (ch+1)*size]
			clear(part)
			if !byGemm {
				clear(s.acc)
			}
			for i := ch * kernelChunk; i < min((ch+1)*kernelChunk, n); i++ {
				padPlanes(s.pad, x[i*chw:(i+1)*chw], g.C, g.H, g.W, c.hp, c.wp, g.PadT, g.PadL)
				gi := gy[i*c.Cout*ohw : (i+1)*c.Cout*ohw]
				for o := 0; o < c.Cout; o++ {
					wide := s.out[o*c.np : (o+1)*c.np]
					for r := 0; r < g.OH; r++ {
						copy(wide[r*c.wp:r*c.wp+g.OW], gi[o*ohw+r*g.OW:o*ohw+(r+1)*g.OW])
					}
					if !byGemm {
						ks.dots(s.acc[o*k*16:(o+1)*k*16], wide, c.np, s.pad, c.offs)
					}
				}
				if byGemm {
					c.gradKernelGemm(s, part)
				}
			}
			if !byGemm {
				for j := range part {
					var sum float32
					for _, v := range s.acc[j*16 : j*16+16] {
						sum += v
					}
					part[j] = sum
				}
			}
		}
	})
	for o := 0; o < c.Cout; o++ {
		for t := 0; t < k; t++ {
			j := o*k + t
			if byGemm {
				j = t*c.Cout + o
			}
			var sum float32
			for ch := 0; ch < chunks; ch++ {
				sum += c.partial[ch*size+j]
			}
			dw[o*k+t] += sum
		}
	}
}

// gradKernelGemm adds to part, the kernel gradient transposed to (C·KH·KW,
// Cout), the products of one image's taps, padded in s.pad, with its wide
// output gradient in s.out: the runs of every tap, one per row of s.col,
// times the output gradient transposed.
func (c *Conv) gradKernelGemm(s *convScratch, part []float32) {
	k := len(c.offs)
	for t, off := range c.offs {
		copy(s.col[t*c.np:(t+1)*c.np], s.pad[off:int(off)+c.np])
	}
	gemmSerial(false, true, k, c.Cout, c.np, 1, s.col, c.np, s.out, c.np, 1, part, c.Cout)
}

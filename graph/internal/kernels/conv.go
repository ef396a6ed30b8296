package kernels

import "sync"

// taps sets y[p] += Σ_t w[t]·x[offs[t]+p] for p < n, and dots sets
// acc[16t+l] += Σ g[p]·x[offs[t]+p] over the p < n with p%16 == l. n is a
// multiple of 16 and offs ascend. Both are the inner loops of the direct
// convolution; an architecture file may replace them with assembly.
var (
	taps  = tapsGeneric
	taps4 = taps4Generic
	dots  = dotsGeneric
)

// taps4Generic is taps for four outputs at once: output o is y[o·ys:] with
// the weights w[o·ws:].
func taps4Generic(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
	for o := 0; o < 4; o++ {
		taps(y[o*ys:], n, x, offs, w[o*ws:])
	}
}

// tapsAll runs taps for outs outputs whose planes lie np apart in y and
// whose weights lie k apart in w, four at a time.
func tapsAll(outs int, y []float32, np int, x []float32, offs []int32, w []float32) {
	k := len(offs)
	o := 0
	for ; o+4 <= outs; o += 4 {
		taps4(y[o*np:], np, np, x, offs, w[o*k:], k)
	}
	for ; o < outs; o++ {
		taps(y[o*np:], np, x, offs, w[o*k:(o+1)*k])
	}
}

func tapsGeneric(y []float32, n int, x []float32, offs []int32, w []float32) {
	y = y[:n]
	for t, off := range offs {
		wt, xs := w[t], x[off:int(off)+n]
		for p := range y {
			y[p] += wt * xs[p]
		}
	}
}

func dotsGeneric(acc, g []float32, n int, x []float32, offs []int32) {
	g = g[:n]
	for t, off := range offs {
		xs := x[off : int(off)+n]
		var lanes [16]float32
		for p := 0; p < n; p += 16 {
			for l := range lanes {
				lanes[l] += g[p+l] * xs[p+l]
			}
		}
		a := acc[16*t : 16*t+16]
		for l, v := range lanes {
			a[l] += v
		}
	}
}

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
	scratch []convScratch
}

type convScratch struct {
	pad []float32 // padded planes of one image
	out []float32 // one image's output planes on the wide grid
	acc []float32 // lane sums of the kernel gradient
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
			acc: make([]float32, c.Cout*len(c.offs)*16),
		})
	}
	return &c.scratch[i]
}

// eachImage runs f over the n images on up to Workers goroutines, giving
// each its own scratch, and returns how many workers ran.
func (c *Conv) eachImage(n int, f func(s *convScratch, lo, hi int)) int {
	workers := min(Workers, n)
	if workers < 1 {
		workers = 1
	}
	for i := range workers {
		c.work(i)
	}
	if workers == 1 {
		f(&c.scratch[0], 0, n)
		return 1
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for w := 1; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(s *convScratch) {
			defer wg.Done()
			f(s, lo, hi)
		}(&c.scratch[w])
	}
	f(&c.scratch[0], 0, min(per, n))
	wg.Wait()
	return workers
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
	c.eachImage(n, func(s *convScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			padPlanes(s.pad, x[i*chw:(i+1)*chw], g.C, g.H, g.W, c.hp, c.wp, g.PadT, g.PadL)
			yi := y[i*c.Cout*ohw : (i+1)*c.Cout*ohw]
			clear(s.out[:c.Cout*c.np])
			tapsAll(c.Cout, s.out, c.np, s.pad, c.offs, w)
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
	c.eachImage(n, func(s *convScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			padPlanes(s.pad, gy[i*c.Cout*ohw:(i+1)*c.Cout*ohw], c.Cout, g.OH, g.OW, c.hq, c.wq, g.KH-1-g.PadT, g.KW-1-g.PadL)
			dxi := dx[i*chw : (i+1)*chw]
			clear(s.out[:g.C*c.nq])
			tapsAll(g.C, s.out, c.nq, s.pad, c.offsT, c.wT)
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

// GradKernel adds to dw, (Cout, C, KH, KW), the gradient of the kernel for
// the input x and the output gradient gy.
func (c *Conv) GradKernel(n int, x, gy, dw []float32) {
	g := c.G
	chw, ohw, k := g.C*g.H*g.W, g.OH*g.OW, len(c.offs)
	for i := range max(1, min(Workers, n)) {
		clear(c.work(i).acc)
	}
	workers := c.eachImage(n, func(s *convScratch, lo, hi int) {
		// the wide output gradient: zero outside the OH×OW cells
		clear(s.out[:c.Cout*c.np])
		for i := lo; i < hi; i++ {
			padPlanes(s.pad, x[i*chw:(i+1)*chw], g.C, g.H, g.W, c.hp, c.wp, g.PadT, g.PadL)
			gi := gy[i*c.Cout*ohw : (i+1)*c.Cout*ohw]
			for o := 0; o < c.Cout; o++ {
				wide := s.out[o*c.np : (o+1)*c.np]
				for r := 0; r < g.OH; r++ {
					copy(wide[r*c.wp:r*c.wp+g.OW], gi[o*ohw+r*g.OW:o*ohw+(r+1)*g.OW])
				}
				dots(s.acc[o*k*16:(o+1)*k*16], wide, c.np, s.pad, c.offs)
			}
		}
	})
	for wi := 0; wi < workers; wi++ {
		acc := c.scratch[wi].acc
		for j := range dw[:c.Cout*k] {
			var sum float32
			for _, v := range acc[j*16 : j*16+16] {
				sum += v
			}
			dw[j] += sum
		}
	}
}

package kernels

import (
	"math"
	"slices"
)

// Conv is a 2-D convolution of Cout filters over C-channel images at any
// stride, computed directly rather than through im2col. Each input image is
// copied into zero-padded planes of hp×wp, one per channel and phase: at
// stride sh×sw a padded plane splits into sh·sw phases, the cells whose row
// and column leave the remainders a and b, and a stride-1 plane is its own
// single phase. An output plane is then computed on a grid of OH rows of
// wp cells (the last wp-OW of each row are thrown away), so that every
// kernel tap (c, ky, kx) is one shifted run of one phase of the padded
// input, long enough to vectorise well even for one channel. The kernel
// gradient takes the same runs; the input gradient is a stride-1
// convolution of the padded output gradient per phase of the input,
// with the taps of the kernel that fall on that phase, flipped. A Conv
// keeps scratch buffers and is not safe for concurrent use.
type Conv struct {
	G    ConvGeom
	Cout int
	// Up is 2 when the convolution reads its input upsampled 2×2 (nearest):
	// x and dx are then planes of H/2×W/2, G being the geometry on the
	// upsampled planes; 1 otherwise.
	Up int

	sh, sw     int     // stride
	hp, wp, np int     // padded input phase planes; positions per output plane
	offs       []int32 // taps into the padded input, ascending
	perm       []int   // the kernel index, (c, ky, kx), of each tap of offs
	hq, wq     int     // padded output-gradient planes
	top, left  int     // where the output gradient sits in them
	phases     []convPhase

	wP      []float32 // the kernel in the order of offs, (o, tap)
	partial []float32 // the kernel gradient of each chunk of images
	total   []float32 // their sum
	scratch []convScratch

	// the forward pass, the input gradient and the kernel gradient by
	// F(2×2, 3×3) where it suits the shape (see winograd.go); nil
	// otherwise
	wf, wb, wk *wgConv

	// an upsampled convolution by its output phases where it suits the
	// shape (see conv_phases.go): the 2×2 convolution of the four phases,
	// its kernel and its kernel gradient; nil otherwise
	ph        *Conv
	wPh, dwPh []float32

	gz []float32 // the scattered output gradient where GradKernelPooled needs it
}

// convPhase is the input gradient of one phase (a, b) of the padded input:
// a stride-1 convolution of the padded output gradient on a grid of rows
// rows of wq cells starting at base, whose cell (i, j) is the input's
// (i0+i)·sh+a-PadT, (j0+j)·sw+b-PadL.
type convPhase struct {
	a, b       int
	i0, j0     int
	rows, cols int // cells of the grid that fall inside the input
	base, nq   int
	offs       []int32 // taps into the padded output gradient, ascending
	ws         []int   // the kernel index, (o, c=0, ky, kx), of each tap
	wT         []float32
}

// The padded planes are written by padInput and padPlanes alone, each
// image in the same cells of its own buffer, so that the padding, zero
// from the allocation, stays zero and is never cleared again.
type convScratch struct {
	pad  []float32 // padded input planes of one image, as padInput lays them
	padG []float32 // padded output-gradient planes of one image
	out  []float32 // one image's output planes on the wide grid
	acc  []float32 // lane sums of the kernel gradient
	col  []float32 // the taps' runs of one padded image, one per row
}

// NewConv returns the convolution of cout filters with geometry g.
func NewConv(g ConvGeom, cout int) *Conv {
	c := &Conv{G: g, Cout: cout, Up: 1}
	c.sh, c.sw = g.Strides()
	dy, dx := (g.KH-1)/c.sh, (g.KW-1)/c.sw
	c.hp = max(g.OH+dy, ceilDiv(g.H+g.PadT, c.sh))
	c.wp = max(g.OW+dx, ceilDiv(g.W+g.PadL, c.sw))
	c.np = roundUp16(g.OH * c.wp)
	plane := c.hp * c.wp
	for ch := 0; ch < g.C; ch++ {
		for ky := 0; ky < g.KH; ky++ {
			for kx := 0; kx < g.KW; kx++ {
				ph := ky%c.sh*c.sw + kx%c.sw
				c.offs = append(c.offs, int32((ph*g.C+ch)*plane+ky/c.sh*c.wp+kx/c.sw))
				c.perm = append(c.perm, len(c.perm))
			}
		}
	}
	// at stride 1 the taps ascend already; sorting keeps their order
	idx := slices.Clone(c.perm)
	slices.SortStableFunc(idx, func(i, j int) int { return int(c.offs[i] - c.offs[j]) })
	offs := slices.Clone(c.offs)
	for t, i := range idx {
		c.offs[t], c.perm[t] = offs[i], i
	}
	c.layoutPhases(dy, dx)
	c.wP = make([]float32, cout*len(c.offs))
	c.useWinograd()
	return c
}

// NewConvUp returns the convolution of cout filters, at stride 1 with
// geometry g, of its input upsampled 2×2: UpSampling2D(2) and the
// convolution as one, the upsampled input never written. H and W of g are
// the upsampled sizes, so even.
func NewConvUp(g ConvGeom, cout int) *Conv {
	c := NewConv(g, cout)
	c.Up = 2
	c.useWinograd()
	c.usePhases()
	return c
}

// inPlane is the size of one plane of x and dx.
func (c *Conv) inPlane() int { return (c.G.H / c.Up) * (c.G.W / c.Up) }

// layoutPhases sets out the input gradient: the padded output-gradient
// planes, hq×wq with the output gradient at (top, left), and each phase's
// grid and taps. The output gradient sits dy rows and dx columns after
// the first cell the top left phase grid reads; the tap (o, ky, kx) with
// ky = dy'·sh+a and kx = dx'·sw+b reads dy' rows and dx' columns back.
func (c *Conv) layoutPhases(dy, dx int) {
	g := c.G
	imin, jmin := math.MaxInt, math.MaxInt
	for a := 0; a < c.sh; a++ {
		for b := 0; b < c.sw; b++ {
			p := convPhase{a: a, b: b}
			p.i0, p.j0 = ceilDiv(max(g.PadT-a, 0), c.sh), ceilDiv(max(g.PadL-b, 0), c.sw)
			p.rows = max(0, ceilDiv(g.H+g.PadT-a, c.sh)-p.i0)
			p.cols = max(0, ceilDiv(g.W+g.PadL-b, c.sw)-p.j0)
			imin, jmin = min(imin, p.i0), min(jmin, p.j0)
			c.phases = append(c.phases, p)
		}
	}
	c.top, c.left = dy-imin, dx-jmin
	c.hq, c.wq = g.OH+c.top, g.OW+c.left
	for _, p := range c.phases {
		c.hq = max(c.hq, p.i0-imin+p.rows+dy)
		c.wq = max(c.wq, p.j0-jmin+p.cols+dx)
	}
	kk := g.KH * g.KW
	for pi := range c.phases {
		p := &c.phases[pi]
		p.base = (p.i0-imin)*c.wq + p.j0 - jmin
		p.nq = roundUp16(p.rows * c.wq)
		for o := 0; o < c.Cout; o++ {
			for ddy := dy; ddy >= 0; ddy-- {
				ky := ddy*c.sh + p.a
				if ky >= g.KH {
					continue
				}
				for ddx := dx; ddx >= 0; ddx-- {
					kx := ddx*c.sw + p.b
					if kx >= g.KW {
						continue
					}
					p.offs = append(p.offs, int32(o*c.hq*c.wq+(dy-ddy)*c.wq+dx-ddx))
					p.ws = append(p.ws, o*g.C*kk+ky*g.KW+kx)
				}
			}
		}
		p.wT = make([]float32, g.C*len(p.offs))
	}
}

func roundUp16(n int) int { return (n + 15) &^ 15 }

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// work returns the scratch of worker i, sized for the widest of the three
// passes.
func (c *Conv) work(i int) *convScratch {
	for len(c.scratch) <= i {
		g := c.G
		padLen := len(c.phases)*g.C*c.hp*c.wp + c.np
		padGLen := 0
		outLen := c.Cout * c.np
		for _, p := range c.phases {
			padGLen = max(padGLen, c.Cout*c.hq*c.wq+p.base+p.nq)
			outLen = max(outLen, g.C*p.nq)
		}
		c.scratch = append(c.scratch, convScratch{
			pad:  make([]float32, padLen+16),
			padG: make([]float32, padGLen+16),
			out:  make([]float32, outLen),
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
// hp×wp, placing src's cell (0, 0) at (top, left) and leaving the rest of
// dst as it is: zero in a scratch buffer that only this copy, of the same
// geometry, writes. Cells of src that fall outside the padded plane are
// dropped.
func padPlanes(ks *kernelSet, dst, src []float32, planes, h, w, hp, wp, top, left int) {
	y0, y1 := max(0, -top), min(h, hp-top)
	x0, x1 := max(0, -left), min(w, wp-left)
	if y0 >= y1 || x0 >= x1 {
		return
	}
	for p := 0; p < planes; p++ {
		d, s := dst[p*hp*wp:(p+1)*hp*wp], src[p*h*w:(p+1)*h*w]
		ks.copyRows(d[(y0+top)*wp+left+x0:], wp, s[y0*w+x0:], w, y1-y0, x1-x0)
	}
}

// padInput copies one image's C planes into pad, padded and split into
// phases. It writes the same cells for every image and leaves the others,
// the padding, as they are: zero in the scratch (see convScratch).
func (c *Conv) padInput(ks *kernelSet, pad, x []float32) {
	g := c.G
	if c.Up == 2 {
		c.padUpsampled(ks, pad, x)
		return
	}
	if c.sh == 1 && c.sw == 1 {
		padPlanes(ks, pad, x, g.C, g.H, g.W, c.hp, c.wp, g.PadT, g.PadL)
		return
	}
	plane := c.hp * c.wp
	if c.sh == 2 && c.sw == 2 {
		c.padInput2(ks, pad, x)
		return
	}
	for ch := 0; ch < g.C; ch++ {
		xc := x[ch*g.H*g.W : (ch+1)*g.H*g.W]
		for r := 0; r < g.H; r++ {
			a, i := (r+g.PadT)%c.sh, (r+g.PadT)/c.sh
			if i >= c.hp {
				continue
			}
			row := xc[r*g.W : (r+1)*g.W]
			if c.sw == 2 {
				// even columns to phase PadL mod 2, odd ones to the other
				be, je, jo := g.PadL%2, g.PadL/2, (g.PadL+1)/2
				de := pad[((a*2+be)*g.C+ch)*plane+i*c.wp:][:c.wp]
				do := pad[((a*2+1-be)*g.C+ch)*plane+i*c.wp:][:c.wp]
				deinterleave2(de[je:min(c.wp, je+(g.W+1)/2)], do[jo:min(c.wp, jo+g.W/2)], row)
				continue
			}
			for b := 0; b < c.sw; b++ {
				// the columns q of row with (q+PadL) mod sw = b
				q0 := (b - g.PadL%c.sw + c.sw) % c.sw
				if q0 >= g.W {
					continue
				}
				j0 := (q0 + g.PadL) / c.sw
				cnt := min((g.W-q0+c.sw-1)/c.sw, c.wp-j0)
				d := pad[((a*c.sw+b)*g.C+ch)*plane+i*c.wp+j0:][:cnt]
				strided(d, row[q0:], c.sw)
			}
		}
	}
}

// padInput2 is padInput at stride 2×2: the rows r0, r0+2, ... of each
// channel are the rows i0, i0+1, ... of its phases (a, 0) and (a, 1),
// their even cells to one and odd cells to the other.
func (c *Conv) padInput2(ks *kernelSet, pad, x []float32) {
	g := c.G
	plane := c.hp * c.wp
	be, je, jo := g.PadL%2, g.PadL/2, (g.PadL+1)/2
	cols := min(g.W, 2*(c.wp-je), 2*(c.wp-jo)+1)
	for r0 := 0; r0 < 2; r0++ {
		a, i0 := (r0+g.PadT)%2, (r0+g.PadT)/2
		rows := min((g.H-r0+1)/2, c.hp-i0)
		for ch := 0; ch < g.C; ch++ {
			ev := pad[((a*2+be)*g.C+ch)*plane+i0*c.wp+je:]
			od := pad[((a*2+1-be)*g.C+ch)*plane+i0*c.wp+jo:]
			ks.unzipRows(ev, od, c.wp, x[(ch*g.H+r0)*g.W:], 2*g.W, rows, cols)
		}
	}
}

// padUpsampled copies one image's C planes of H/2×W/2 into pad, each cell
// repeated into a 2×2 block, placed as padPlanes places them: the values
// that upsampling and then padInput give. Like padInput it writes the same
// cells for every image and leaves the padding as it is.
func (c *Conv) padUpsampled(ks *kernelSet, pad, x []float32) {
	g := c.G
	h, w := g.H/2, g.W/2
	plane := c.hp * c.wp
	for ch := 0; ch < g.C; ch++ {
		d, s := pad[ch*plane:(ch+1)*plane], x[ch*h*w:(ch+1)*h*w]
		for y := 0; y < h; y++ {
			r := 2*y + g.PadT
			d0 := d[r*c.wp+g.PadL:][:g.W]
			d1 := d[(r+1)*c.wp+g.PadL:][:g.W]
			ks.upsample2x2Row(s[y*w:(y+1)*w], d0, d1)
		}
	}
}

// deinterleave2 sets ev[j] to src[2j] and od[j] to src[2j+1] for every j.
func deinterleave2(ev, od, src []float32) {
	j := 0
	for ; j+4 <= len(ev) && j+4 <= len(od) && 2*j+8 <= len(src); j += 4 {
		s := (*[8]float32)(src[2*j : 2*j+8])
		e, o := (*[4]float32)(ev[j:j+4]), (*[4]float32)(od[j:j+4])
		e[0], o[0], e[1], o[1] = s[0], s[1], s[2], s[3]
		e[2], o[2], e[3], o[3] = s[4], s[5], s[6], s[7]
	}
	for k := j; k < len(ev); k++ {
		ev[k] = src[2*k]
	}
	for k := j; k < len(od); k++ {
		od[k] = src[2*k+1]
	}
}

// strided sets d[j] to src[j·step] for every j.
func strided(d, src []float32, step int) {
	if len(d) == 0 {
		return
	}
	src = src[:(len(d)-1)*step+1]
	if step == 2 {
		for j := range d {
			d[j] = src[2*j]
		}
		return
	}
	for j := range d {
		d[j] = src[j*step]
	}
}

// unstrided sets d[j·step] to src[j] for every j.
func unstrided(d, src []float32, step int) {
	if len(src) == 0 {
		return
	}
	d = d[:(len(src)-1)*step+1]
	if step == 2 {
		for j, v := range src {
			d[2*j] = v
		}
		return
	}
	for j, v := range src {
		d[j*step] = v
	}
}

// Forward sets y, (n, Cout, OH, OW), to the convolution of x, (n, C, H, W),
// with w, (Cout, C, KH, KW).
func (c *Conv) Forward(n int, x, w, y []float32) { c.ForwardBiasAct(n, x, w, nil, ActLinear, y) }

// ForwardBiasAct sets y to act(conv(x, w) + b), b holding one value per
// filter, as Forward followed by BiasAct gives it but in one pass over y.
// b may be nil for no bias.
func (c *Conv) ForwardBiasAct(n int, x, w, b []float32, act int, y []float32) {
	g := c.G
	ohw := g.OH * g.OW
	if c.byPhases() {
		c.phasesForward(n, x, w, b, act, y)
		return
	}
	if c.winograd() {
		ks := cur()
		c.wgForward(n, x, w, b, act, func(s *wgScratch, i0, count int) {
			for i := 0; i < count; i++ {
				c.wf.interleave(ks, s, i, y[(i0+i)*c.Cout*ohw:])
			}
		})
		return
	}
	ks := cur()
	c.forEachImage(n, x, w, b, act, func(i, o int, wide []float32) {
		ks.copyRows(y[(i*c.Cout+o)*ohw:(i*c.Cout+o+1)*ohw], g.OW, wide, c.wp, g.OH, g.OW)
	})
}

// forEachImage computes act(conv(x, w) + b) image by image on the wide
// grid, b nil for no bias, and hands each output plane o of image i to
// emit while it is in cache. emit is called on several goroutines, for
// different images.
func (c *Conv) forEachImage(n int, x, w, b []float32, act int, emit func(i, o int, wide []float32)) {
	if b != nil {
		b = b[:c.Cout]
	}
	ks := cur()
	c.wideImages(n, x, w, func(i int, out []float32) {
		for o := 0; o < c.Cout; o++ {
			wide := out[o*c.np : (o+1)*c.np]
			if b != nil {
				// the whole grid, the cells thrown away too: one
				// long vector run
				ks.biasActPlane(act, wide, b[o], wide)
			}
			emit(i, o, wide)
		}
	})
}

// wideImages computes conv(x, w) image by image and hands image i's Cout
// output planes on the wide grid, np values apart in out, to emit while
// they are in cache. emit is called on several goroutines, for different
// images.
func (c *Conv) wideImages(n int, x, w []float32, emit func(i int, out []float32)) {
	k := len(c.offs)
	for o := 0; o < c.Cout; o++ {
		for t, j := range c.perm {
			c.wP[o*k+t] = w[o*k+j]
		}
	}
	chw := c.G.C * c.inPlane()
	ks := cur()
	c.each(n, n*c.Cout*c.np*k, func(s *convScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			c.padInput(ks, s.pad, x[i*chw:(i+1)*chw])
			tapsAllSet(ks, c.Cout, s.out[:c.Cout*c.np], c.np, s.pad, c.offs, c.wP)
			emit(i, s.out[:c.Cout*c.np])
		}
	})
}

// GradInput sets dx, (n, C, H, W), to the gradient of the input for the
// output gradient gy, (n, Cout, OH, OW).
func (c *Conv) GradInput(n int, w, gy, dx []float32) {
	if c.winograd() {
		c.wgGradInput(n, w, gy, dx)
		return
	}
	if c.byPhases() {
		c.phasesGradInput(n, w, gy, dx)
		return
	}
	g := c.G
	ohw := g.OH * g.OW
	c.gradInput(n, w, dx, func(ks *kernelSet, padG []float32, i int) {
		padPlanes(ks, padG, gy[i*c.Cout*ohw:(i+1)*c.Cout*ohw], c.Cout, g.OH, g.OW, c.hq, c.wq, c.top, c.left)
	})
}

// gradInput is GradInput for the output gradient that fill writes, image
// i's, into its padded planes padG, hq×wq at (top, left), leaving the
// other cells as they are (see convScratch).
func (c *Conv) gradInput(n int, w, dx []float32, fill func(ks *kernelSet, padG []float32, i int)) {
	g := c.G
	kk := g.KH * g.KW
	work := 0
	for pi := range c.phases {
		p := &c.phases[pi]
		k := len(p.offs)
		for ch := 0; ch < g.C; ch++ {
			for t, j := range p.ws {
				p.wT[ch*k+t] = w[j+ch*kk]
			}
		}
		work += g.C * p.nq * k
	}
	chw := g.C * c.inPlane()
	ks := cur()
	c.each(n, n*work, func(s *convScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			fill(ks, s.padG, i)
			dxi := dx[i*chw : (i+1)*chw]
			if c.sw == 2 && c.Up == 1 {
				// the phases (a, 0) and (a, 1) of each row of phases
				// side by side, zipped into the rows of dxi
				for pi := 0; pi+1 < len(c.phases); pi += 2 {
					c.phasePairGrad(ks, &c.phases[pi], &c.phases[pi+1], s, dxi)
				}
				continue
			}
			for pi := range c.phases {
				c.phaseGrad(ks, &c.phases[pi], s, dxi)
			}
		}
	})
}

// phaseGrad sets the cells of phase p of one image's input gradient dxi
// from the padded output gradient in s.padG.
func (c *Conv) phaseGrad(ks *kernelSet, p *convPhase, s *convScratch, dxi []float32) {
	g := c.G
	hw := c.inPlane()
	if len(p.offs) == 0 {
		for ch := 0; ch < g.C; ch++ {
			c.scatter(ks, p, nil, dxi[ch*hw:(ch+1)*hw])
		}
		return
	}
	tapsAllSet(ks, g.C, s.out[:g.C*p.nq], p.nq, s.padG[p.base:], p.offs, p.wT)
	for ch := 0; ch < g.C; ch++ {
		c.scatter(ks, p, s.out[ch*p.nq:(ch+1)*p.nq], dxi[ch*hw:(ch+1)*hw])
	}
}

// phasePairGrad sets the cells of the phases p0 = (a, 0) and p1 = (a, 1)
// of one image's input gradient dxi, at stride 2 in columns: the two
// grids interleaved are the rows of dxi they cover, which zipRows writes
// whole. Phases that do not pair so (no taps, other rows) take phaseGrad.
func (c *Conv) phasePairGrad(ks *kernelSet, p0, p1 *convPhase, s *convScratch, dxi []float32) {
	g := c.G
	x0, x1 := p0.j0*2+p0.b-g.PadL, p1.j0*2+p1.b-g.PadL
	ev, od := p0, p1
	if x1 < x0 {
		ev, od, x0, x1 = p1, p0, x1, x0
	}
	if len(p0.offs) == 0 || len(p1.offs) == 0 || p0.i0 != p1.i0 || p0.rows != p1.rows ||
		p0.rows == 0 || x1 != x0+1 || ev.cols-od.cols < 0 || ev.cols-od.cols > 1 {
		c.phaseGrad(ks, p0, s, dxi)
		c.phaseGrad(ks, p1, s, dxi)
		return
	}
	if need := g.C * (ev.nq + od.nq); len(s.out) < need {
		s.out = make([]float32, need)
	}
	we, wo := s.out[:g.C*ev.nq], s.out[g.C*ev.nq:g.C*(ev.nq+od.nq)]
	for _, q := range [2]struct {
		p    *convPhase
		wide []float32
	}{{ev, we}, {od, wo}} {
		tapsAllSet(ks, g.C, q.wide, q.p.nq, s.padG[q.p.base:], q.p.offs, q.p.wT)
	}
	hw := c.inPlane()
	y0 := p0.i0*c.sh + p0.a - g.PadT
	for ch := 0; ch < g.C; ch++ {
		d := dxi[ch*hw+y0*g.W+x0 : (ch+1)*hw]
		ks.zipRows(d, c.sh*g.W, we[ch*ev.nq:], wo[ch*od.nq:], c.wq, p0.rows, ev.cols+od.cols)
	}
}

// scatter writes the grid of phase p, wide (zero if nil), into its cells
// of the input plane d.
func (c *Conv) scatter(ks *kernelSet, p *convPhase, wide, d []float32) {
	g := c.G
	if c.Up == 2 && wide == nil {
		clear(d)
		return
	}
	if c.Up == 2 {
		// stride 1: the grid is the upsampled plane's gradient; each
		// 2×2 block sums to one cell of d, as UpsampleGrad sums it
		sum := cur().upsampleGrad2x2Row
		for y := 0; y < g.H/2; y++ {
			sum(wide[2*y*c.wq:][:g.W], wide[(2*y+1)*c.wq:][:g.W], d[y*(g.W/2):(y+1)*(g.W/2)])
		}
		return
	}
	y0, x0 := p.i0*c.sh+p.a-g.PadT, p.j0*c.sw+p.b-g.PadL
	if wide != nil && c.sw == 1 && p.rows > 0 {
		ks.copyRows(d[y0*g.W+x0:], c.sh*g.W, wide, c.wq, p.rows, p.cols)
		return
	}
	for i := 0; i < p.rows; i++ {
		row := d[(y0+i*c.sh)*g.W+x0:]
		if wide == nil {
			for j := 0; j < p.cols; j++ {
				row[j*c.sw] = 0
			}
			continue
		}
		src := wide[i*c.wq : i*c.wq+p.cols]
		unstrided(row, src, c.sw)
	}
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
	gemmKernelTaps = 128
)

// GradKernel adds to dw, (Cout, C, KH, KW), the gradient of the kernel for
// the input x and the output gradient gy.
func (c *Conv) GradKernel(n int, x, gy, dw []float32) {
	if c.winograd() && cur().wgKernelGrad {
		c.wgGradKernel(n, x, gy, dw)
		return
	}
	if c.byPhases() {
		c.phasesGradKernel(n, x, gy, dw)
		return
	}
	g := c.G
	ohw := g.OH * g.OW
	c.gradKernel(n, x, dw, func(ks *kernelSet, out []float32, i int) {
		gi := gy[i*c.Cout*ohw : (i+1)*c.Cout*ohw]
		for o := 0; o < c.Cout; o++ {
			ks.copyRows(out[o*c.np:(o+1)*c.np], c.wp, gi[o*ohw:(o+1)*ohw], g.OW, g.OH, g.OW)
		}
	})
}

// gradKernel is GradKernel for the output gradient that fill writes,
// image i's, into the wide planes out, np values apart, leaving the other
// cells as they are: zero.
func (c *Conv) gradKernel(n int, x, dw []float32, fill func(ks *kernelSet, out []float32, i int)) {
	chw, k := c.G.C*c.inPlane(), len(c.offs)
	size := c.Cout * k
	chunks := (n + kernelChunk - 1) / kernelChunk
	c.partial = grow(c.partial, chunks*size)
	ks := cur()
	// by tiles, the set's dotsTile for whole groups of four filters; else
	// by GEMM for many filters and taps, else by dots
	byTiles := ks.dotsTile != nil && c.Cout%4 == 0
	byGemm := !byTiles && c.Cout >= gemmKernelOuts && k >= gemmKernelTaps
	transposed := byTiles || byGemm // part is (tap, Cout)
	c.each(chunks, n*c.Cout*c.np*k, func(s *convScratch, lo, hi int) {
		// the wide output gradient: zero outside the OH×OW cells
		clear(s.out[:c.Cout*c.np])
		switch {
		case byGemm:
			s.col = grow(s.col, k*c.np)
		case !byTiles:
			s.acc = grow(s.acc, size*16)
		}
		for ch := lo; ch < hi; ch++ {
			part := c.partial[ch*size : (ch+1)*size]
			clear(part)
			if !transposed {
				clear(s.acc)
			}
			for i := ch * kernelChunk; i < min((ch+1)*kernelChunk, n); i++ {
				c.padInput(ks, s.pad, x[i*chw:(i+1)*chw])
				fill(ks, s.out, i)
				switch {
				case byTiles:
					ks.dotsTile(part, c.Cout, c.Cout, s.out, c.np, c.np, s.pad, c.offs)
				case byGemm:
					c.gradKernelGemm(s, part)
				default:
					for o := 0; o < c.Cout; o++ {
						ks.dots(s.acc[o*k*16:(o+1)*k*16], s.out[o*c.np:(o+1)*c.np], c.np, s.pad, c.offs)
					}
				}
			}
			if !transposed {
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
	total := c.sumPartials(chunks, size)
	for o := 0; o < c.Cout; o++ {
		for t, kt := range c.perm {
			j := o*k + t
			if transposed {
				j = t*c.Cout + o
			}
			dw[o*k+kt] += total[j]
		}
	}
}

// sumPartials returns the sum of the chunks' partial sums, size values
// each, in c.partial: each value's parts are added in the chunks' order
// whatever the split, which gives the workers contiguous runs of values.
func (c *Conv) sumPartials(chunks, size int) []float32 {
	c.total = grow(c.total, size)
	total := c.total[:size]
	add := cur().biasActRow // t + p, element by element
	parallelFor(size, chunks*size, func(lo, hi int) {
		t := total[lo:hi]
		clear(t)
		for ch := 0; ch < chunks; ch++ {
			add(ActLinear, t, c.partial[ch*size+lo:ch*size+hi], t)
		}
	})
	return total
}

// gradKernelGemm adds to part, the kernel gradient transposed to (tap,
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

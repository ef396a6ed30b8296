package kernels

// Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, "Fast
// Algorithms for Convolutional Neural Networks", 2015) computes each 2×2
// tile of a 3×3 stride-1 convolution's output from the 4×4 tile of input
// under it with 16 multiplications per channel pair instead of 36:
//
//	Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A
//
// summed over the input channels. Here every step is a run of the
// direct convolution's inner loops over whole planes of tiles:
//
//   - The padded input is split into its four phases, the cells of even
//     or odd row and column, so that the input cell (k, l) of every tile
//     (i, j) is the cell (i+k/2, j+l/2) of one phase plane. The input
//     transform Bᵀ d B of all the tiles is then, for each of its 16
//     values ξ, taps over the phase planes with four weights of ±1.
//   - The products are, for each ξ, a Cout×C matrix times C planes of
//     tiles: taps4 with one tap per input channel.
//   - The output transform is, for each of the four cells of an output
//     tile, taps with nine weights of ±1 over the 16 product planes; the
//     four cells' planes are the output's phases, which a 2×2 max-pooling
//     and the gradient of a 2×2 upsampling take as they are.
//
// The planes of a few images lie side by side, so that each run is long
// and all of a worker's planes stay in its core's cache.
// Tile (i, j) of image g sits at g·plane + i·pw + j of a channel's planes,
// pw = tw+1 cells a row; the cells past the last tile of a row or plane
// are computed and thrown away, as the direct convolution's wide grid is.

// wgGroupCells is about how many cells of phase plane one group of images
// takes, one image at least: two images of 14×14 (BenchmarkSeedConvs),
// whose planes stay in a core's cache.
const wgGroupCells = 128

// wgMinChannels and wgMinSize are the fewest input and output channels,
// and output rows and columns, for which the transforms and the tiles'
// cells thrown away cost less than the multiplications saved: at 7×7 a
// quarter of the tiles' cells are thrown away (BenchmarkSeedConvs).
const (
	wgMinChannels = 16
	wgMinSize     = 10
)

// The transforms' matrices. bt is Bᵀ, at is Aᵀ and gm is G.
var (
	bt = [4][4]float32{{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}}
	at = [2][4]float32{{1, 1, 1, 0}, {0, 1, -1, -1}}
	gm = [4][3]float32{{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}}
)

// wgConv is one 3×3 stride-1 convolution by F(2×2, 3×3): c channels of
// h×w, read upsampled 2×2 when up is 2 (h and w the upsampled sizes),
// padded by padT and padL, to cout channels of oh×ow.
type wgConv struct {
	c, cout    int
	h, w, up   int
	padT, padL int
	oh, ow     int
	th, tw     int  // output tiles
	pw, plane  int  // phase planes: th+1 rows of pw = tw+1 cells
	group      int  // images a pass takes, at most kernelChunk
	byRows     bool // the transforms a row of 4 values at a time (the kernel gradient)
	s          int  // one channel's planes of a group, rounded up to 16

	chOffs  []int32   // c·s: the products' taps, one per input channel
	u       []float32 // the transformed kernel, (ξ, cout, c)
	scratch []wgScratch
}

// wgScratch is one worker's planes. The phase planes are written only in
// the cells that the input covers, the same cells for every group, so
// that the padding stays zero from the allocation.
type wgScratch struct {
	pad []float32 // the input's phases, (4, c, s)
	v   []float32 // the input transform, (16, c, s)
	m   []float32 // the products, (16, cout, s); the output gradient's transform
	y   []float32 // the output's phases, (4, cout, s); the output gradient's

	pooled []float32 // the pooled phases, (cout, s), for pool
	win    []uint8   // and their windows' winners
	plane  []float32 // one plane of the input, for fillPooled
}

// wgFits reports whether F(2×2, 3×3) suits the convolution of cout
// filters with geometry g: 3×3 at stride 1, padded by at most 2 (so that
// its input gradient is such a convolution too), wide enough.
func wgFits(g ConvGeom, cout int) bool {
	sh, sw := g.Strides()
	return g.KH == 3 && g.KW == 3 && sh == 1 && sw == 1 &&
		g.C >= wgMinChannels && cout >= wgMinChannels && cout%4 == 0 &&
		g.PadT >= 0 && g.PadT <= 2 && g.PadL >= 0 && g.PadL <= 2 &&
		g.OH >= wgMinSize && g.OW >= wgMinSize
}

// newWgConv lays out the convolution of c channels of h×w (upsampled up×up
// and so already multiplied by up) padded by padT and padL, to cout
// channels of oh×ow. byRows lays it out for the kernel gradient: a chunk
// of kernelChunk images a pass, whose transforms take a row of 4 of the
// 16 values at a time, so that the sums over the tiles are long and the
// planes few.
func newWgConv(c, cout, h, w, up, padT, padL, oh, ow int, byRows bool) *wgConv {
	q := &wgConv{c: c, cout: cout, h: h, w: w, up: up, padT: padT, padL: padL, oh: oh, ow: ow, byRows: byRows}
	q.th, q.tw = ceilDiv(oh, 2), ceilDiv(ow, 2)
	q.pw = q.tw + 1
	q.plane = (q.th + 1) * q.pw
	q.group = min(kernelChunk, max(1, wgGroupCells/q.plane))
	if byRows {
		q.group = kernelChunk
	}
	q.s = roundUp16(q.group * q.plane)
	for ch := 0; ch < c; ch++ {
		q.chOffs = append(q.chOffs, int32(ch*q.s))
	}
	q.u = make([]float32, 16*cout*c)
	return q
}

// setKernel sets the transformed kernel G g Gᵀ of every filter o and
// channel ch from w: g is w's filter o, channel ch, (cout, c, 3, 3), or
// when flip is set, for the input gradient, w's filter ch, channel o,
// (c, cout, 3, 3), turned by 180°.
func (q *wgConv) setKernel(w []float32, flip bool) {
	w = w[:q.cout*q.c*9]
	parallelFor(q.cout, 16*q.cout*q.c, func(lo, hi int) {
		for o := lo; o < hi; o++ {
			for ch := 0; ch < q.c; ch++ {
				var g [3][3]float32
				if flip {
					k := (*[9]float32)(w[(ch*q.cout+o)*9:])
					g = [3][3]float32{{k[8], k[7], k[6]}, {k[5], k[4], k[3]}, {k[2], k[1], k[0]}}
				} else {
					k := (*[9]float32)(w[(o*q.c+ch)*9:])
					g = [3][3]float32{{k[0], k[1], k[2]}, {k[3], k[4], k[5]}, {k[6], k[7], k[8]}}
				}
				t := gTransform(g)
				for u := range 4 {
					r := gTransform3(t[u])
					for v := range 4 {
						q.u[((4*u+v)*q.cout+o)*q.c+ch] = r[v]
					}
				}
			}
		}
	})
}

// gTransform returns G g: the rows g0, (g0+g1+g2)/2, (g0-g1+g2)/2, g2.
func gTransform(g [3][3]float32) [4][3]float32 {
	var t [4][3]float32
	for b := range 3 {
		r := gTransform3([3]float32{g[0][b], g[1][b], g[2][b]})
		t[0][b], t[1][b], t[2][b], t[3][b] = r[0], r[1], r[2], r[3]
	}
	return t
}

// gTransform3 returns G x for a column x of three values.
func gTransform3(x [3]float32) [4]float32 {
	return [4]float32{x[0], 0.5 * (x[0] + x[1] + x[2]), 0.5 * (x[0] - x[1] + x[2]), x[2]}
}

// work returns worker i's scratch.
func (q *wgConv) work(i int) *wgScratch {
	planes := 16
	if q.byRows {
		planes = 4
	}
	for len(q.scratch) <= i {
		q.scratch = append(q.scratch, wgScratch{
			pad: make([]float32, 4*q.c*q.s+q.pw+1+16),
			v:   make([]float32, planes*q.c*q.s),
			m:   make([]float32, planes*q.cout*q.s),
			y:   make([]float32, 4*q.cout*q.s),
		})
	}
	return &q.scratch[i]
}

// each runs f over ranges covering [0, units), units of per images, on
// as many goroutines as work, in multiply-adds, is worth, giving each its
// own scratch.
func (q *wgConv) each(n, per int, f func(s *wgScratch, lo, hi int)) {
	units := ceilDiv(n, per)
	parts := splits(units, n*16*q.c*q.cout*q.plane)
	for i := range parts {
		q.work(i)
	}
	split(units, parts, func(i, lo, hi int) { f(&q.scratch[i], lo, hi) })
}

// groups runs f over the groups of n images, giving f the first image and
// the count of each; see each.
func (q *wgConv) groups(n int, f func(s *wgScratch, i0, count int)) {
	q.each(n, q.group, func(s *wgScratch, lo, hi int) {
		for grp := lo; grp < hi; grp++ {
			i0 := grp * q.group
			f(s, i0, min(q.group, n-i0))
		}
	})
}

// fill writes the c planes of image x, h/up×w/up, into slot g of the
// phase planes pad.
func (q *wgConv) fill(ks *kernelSet, pad []float32, g int, x []float32) {
	if q.up == 2 {
		q.fillUp(ks, pad, g, x)
		return
	}
	for ch := 0; ch < q.c; ch++ {
		q.fillPlane(ks, pad, g, ch, x[ch*q.h*q.w:])
	}
}

// fillPlane writes the plane x, h×w, into channel ch of slot g of the
// phase planes pad; up must be 1.
func (q *wgConv) fillPlane(ks *kernelSet, pad []float32, g, ch int, x []float32) {
	cs := q.c * q.s
	// even columns go to the phase padL mod 2 from je on, odd ones to
	// the other from jo on
	be, je, jo := q.padL%2, q.padL/2, (q.padL+1)/2
	cols := min(q.w, 2*(q.pw-je), 2*(q.pw-jo)+1)
	for y0 := 0; y0 < 2; y0++ {
		// the input rows y0, y0+2, ...: the rows i0, i0+1, ... of the
		// phases (a, 0) and (a, 1)
		a, i0 := (y0+q.padT)%2, (y0+q.padT)/2
		rows := min((q.h-y0+1)/2, q.th+1-i0)
		base := a*2*cs + ch*q.s + g*q.plane + i0*q.pw
		ev := pad[base+be*cs+je:]
		od := pad[base+(1-be)*cs+jo:]
		ks.unzipRows(ev, od, q.pw, x[y0*q.w:], 2*q.w, rows, cols)
	}
}

// fillPooled writes into the slots of pad the count images, from i0 on,
// of the input that PoolScatter makes of the pooled planes gp, c planes of
// h/2×w/2 an image, and their winners win: a plane at a time, scattered
// into s.plane, in cache, and from there into the phases. up must be 1.
func (q *wgConv) fillPooled(ks *kernelSet, s *wgScratch, i0, count int, win []uint8, gp []float32) {
	ph, pw := q.h/2, q.w/2
	s.plane = grow(s.plane, q.h*q.w)
	for g := 0; g < count; g++ {
		for ch := 0; ch < q.c; ch++ {
			at := ((i0+g)*q.c + ch) * ph * pw
			ks.poolScatterPlane(win[at:at+ph*pw], gp[at:at+ph*pw], s.plane, ph, pw, q.w)
			q.fillPlane(ks, s.pad, g, ch, s.plane)
		}
	}
}

// clearSlots zeroes the slots from, from+1, ... of the phase planes pad.
func (q *wgConv) clearSlots(pad []float32, from int) {
	if from >= q.group {
		return
	}
	for p := 0; p < 4*q.c; p++ {
		clear(pad[p*q.s+from*q.plane : p*q.s+q.group*q.plane])
	}
}

// fillUp is fill for a convolution that reads its input upsampled: cell
// j of the phase (a, b) row i is the padded upsampled cell (2i+a, 2j+b),
// so rows and cells in order of one phase read rows and cells in order of
// x.
func (q *wgConv) fillUp(ks *kernelSet, pad []float32, g int, x []float32) {
	hs, ws := q.h/2, q.w/2
	for ph := 0; ph < 4; ph++ {
		a, b := ph/2, ph%2
		i0 := max(0, ceilDiv(q.padT-a, 2))
		rows := min(q.th, (q.h-1+q.padT-a)/2) + 1 - i0
		j0 := max(0, ceilDiv(q.padL-b, 2))
		x0 := (2*j0 + b - q.padL) / 2
		cols := min(q.pw-j0, ws-x0)
		if rows <= 0 || cols <= 0 {
			continue
		}
		y0 := (2*i0 + a - q.padT) / 2
		for ch := 0; ch < q.c; ch++ {
			d := pad[(ph*q.c+ch)*q.s+g*q.plane+i0*q.pw+j0:]
			ks.copyRows(d, q.pw, x[(ch*hs+y0)*ws+x0:], ws, rows, cols)
		}
	}
}

// forward sets s.y to the output's phases for the count images of x, c
// planes of h/up×w/up each, from the second on chw values apart.
func (q *wgConv) forward(ks *kernelSet, s *wgScratch, x []float32, chw, count int) {
	for g := 0; g < count; g++ {
		q.fill(ks, s.pad, g, x[g*chw:])
	}
	q.forwardFilled(ks, s)
}

// forwardFilled sets s.y to the output's phases for the input in s.pad.
func (q *wgConv) forwardFilled(ks *kernelSet, s *wgScratch) {
	q.inputTransform(ks, s)
	cs, os := q.c*q.s, q.cout*q.s
	for xi := 0; xi < 16; xi++ {
		tapsAllSet(ks, q.cout, s.m[xi*os:(xi+1)*os], q.s, s.v[xi*cs:], q.chOffs, q.u[xi*q.cout*q.c:])
	}
	ks.wgOut(s.y, os, s.m, os, os)
}

// btRows are the rows of Bᵀ: row u is d_k1 + sgn·d_k2.
var btRows = [4]struct {
	k1, k2 int
	sgn    float32
}{{0, 2, -1}, {1, 2, 1}, {2, 1, -1}, {1, 3, -1}}

// inputTransform sets s.v to the transform of the phases in s.pad, a row
// of Bᵀ at a time: the cell (k, l) of a tile is in the phase (k mod 2,
// l mod 2), k/2 rows and l/2 cells on.
func (q *wgConv) inputTransform(ks *kernelSet, s *wgScratch) {
	for u := range btRows {
		q.inputRow(ks, s, u, s.v[4*u*q.c*q.s:])
	}
}

// inputRow sets v, 4 planes, to the values (u, 0..3) of the transform of
// the phases in s.pad.
func (q *wgConv) inputRow(ks *kernelSet, s *wgScratch, u int, v []float32) {
	cs := q.c * q.s
	row := func(k int) int { return k%2*2*cs + k/2*q.pw }
	r := btRows[u]
	ks.wgIn(v, cs, s.pad, row(r.k1), row(r.k2), cs, r.sgn, cs)
}

// aRows are the rows of A = atᵀ: row u is alpha·dY_0 + beta·dY_1.
var aRows = [4][2]float32{{1, 0}, {1, 1}, {1, -1}, {0, -1}}

// interleave writes the output phases of image g in s.y, filter by
// filter, into y, cout planes of oh×ow.
func (q *wgConv) interleave(ks *kernelSet, s *wgScratch, g int, y []float32) {
	os := q.cout * q.s
	for o := 0; o < q.cout; o++ {
		yo := y[o*q.oh*q.ow:][:q.oh*q.ow]
		base := o*q.s + g*q.plane
		ks.zipRows(yo, 2*q.ow, s.y[base:], s.y[os+base:], q.pw, (q.oh+1)/2, q.ow)
		if q.oh > 1 {
			ks.zipRows(yo[q.ow:], 2*q.ow, s.y[2*os+base:], s.y[3*os+base:], q.pw, q.oh/2, q.ow)
		}
	}
}

// interleave2 sets d[2j] to ev[j] and d[2j+1] to od[j] for every j.
func interleave2(d, ev, od []float32) {
	j := 0
	for ; j+4 <= len(ev) && j+4 <= len(od) && 2*j+8 <= len(d); j += 4 {
		t := (*[8]float32)(d[2*j : 2*j+8])
		e, o := (*[4]float32)(ev[j:j+4]), (*[4]float32)(od[j:j+4])
		t[0], t[1], t[2], t[3] = e[0], o[0], e[1], o[1]
		t[4], t[5], t[6], t[7] = e[2], o[2], e[3], o[3]
	}
	for k := j; k < len(ev); k++ {
		d[2*k] = ev[k]
	}
	for k := j; k < len(od); k++ {
		d[2*k+1] = od[k]
	}
}

// sumPhases sets d, cout planes of oh/2×ow/2, to the sums of the four
// output phases of image g in s.y: the gradient of a 2×2 upsampling,
// summed in UpsampleGrad's order.
func (q *wgConv) sumPhases(s *wgScratch, g int, d []float32) {
	ph := q.th * q.tw
	for o := 0; o < q.cout; o++ {
		do := d[o*ph:][:ph]
		base := o*q.s + g*q.plane
		y0, y1 := s.y[base:][:q.plane], s.y[q.cout*q.s+base:][:q.plane]
		y2, y3 := s.y[2*q.cout*q.s+base:][:q.plane], s.y[3*q.cout*q.s+base:][:q.plane]
		for i := 0; i < q.th; i++ {
			for j := 0; j < q.tw; j++ {
				p := i*q.pw + j
				do[i*q.tw+j] = (y0[p] + y2[p]) + (y1[p] + y3[p])
			}
		}
	}
}

// gradPhases sets s.y to the phases of the output gradient of the count
// images of gy, cout planes of oh×ow each, zero in the slots and cells
// that no output covers.
func (q *wgConv) gradPhases(ks *kernelSet, s *wgScratch, gy []float32, count int) {
	clear(s.y)
	ohw, os := q.oh*q.ow, q.cout*q.s
	for g := 0; g < count; g++ {
		for o := 0; o < q.cout; o++ {
			src := gy[(g*q.cout+o)*ohw:][:ohw]
			base := o*q.s + g*q.plane
			ks.unzipRows(s.y[base:], s.y[os+base:], q.pw, src, 2*q.ow, (q.oh+1)/2, q.ow)
			if q.oh > 1 {
				ks.unzipRows(s.y[2*os+base:], s.y[3*os+base:], q.pw, src[q.ow:], 2*q.ow, q.oh/2, q.ow)
			}
		}
	}
}

// gradKernel adds to part, (16, c, cout), the transformed kernel gradient
// of the chunk whose phases are in s.pad and output gradient's phases in
// s.y, a row of the transforms at a time.
func (q *wgConv) gradKernel(ks *kernelSet, s *wgScratch, part []float32) {
	cs, os := q.c*q.s, q.cout*q.s
	tile := ks.dotsTile
	if tile == nil {
		tile = dotsTileGeneric
	}
	for u, ab := range aRows {
		q.inputRow(ks, s, u, s.v)
		ks.wgGradRow(s.m, os, s.y, 0, 2*os, os, ab[0], ab[1], os)
		for v := 0; v < 4; v++ {
			xi := 4*u + v
			tile(part[xi*q.c*q.cout:], q.cout, q.cout, s.m[v*os:], q.s, q.s, s.v[v*cs:], q.chOffs)
		}
	}
}

// addKernelGrad adds to dw, (cout, c, 3, 3), Gᵀ t G of the summed
// transformed gradient t, (16, c, cout).
func (q *wgConv) addKernelGrad(t, dw []float32) {
	for o := 0; o < q.cout; o++ {
		for ch := 0; ch < q.c; ch++ {
			var sum [3][3]float32
			for xi := 0; xi < 16; xi++ {
				u, v := xi/4, xi%4
				tv := t[(xi*q.c+ch)*q.cout+o]
				for a := range 3 {
					for b := range 3 {
						sum[a][b] += gm[u][a] * gm[v][b] * tv
					}
				}
			}
			d := dw[(o*q.c+ch)*9:][:9]
			for a := range 3 {
				for b := range 3 {
					d[a*3+b] += sum[a][b]
				}
			}
		}
	}
}

// pool sets y and win, cout planes of oh/2×ow/2 per image, to the 2×2
// max-pooling of the output phases in s.y of the count images of a group,
// as ForwardPool sets them: each window is a tile, its cells the phases.
// The whole run of phases is pooled at once into s.pooled and s.win, and
// each image's tiles are then copied out.
func (q *wgConv) pool(ks *kernelSet, s *wgScratch, count int, relu bool, y []float32, win []uint8) {
	os := q.cout * q.s
	s.pooled = grow(s.pooled, os)
	if len(s.win) < os {
		s.win = make([]uint8, os)
	}
	ks.poolPhases(s.y[:os], s.y[os:2*os], s.y[2*os:3*os], s.y[3*os:4*os], s.pooled, s.win[:os], relu)
	ph := q.th * q.tw
	for g := 0; g < count; g++ {
		for o := 0; o < q.cout; o++ {
			base, d := o*q.s+g*q.plane, (g*q.cout+o)*ph
			ks.copyRows(y[d:d+ph], q.tw, s.pooled[base:], q.pw, q.th, q.tw)
			for i := 0; i < q.th; i++ {
				copy(win[d+i*q.tw:d+(i+1)*q.tw], s.win[base+i*q.pw:])
			}
		}
	}
}

// poolPhasesGeneric sets y[p] to the largest of a[p], b[p], c[p] and
// d[p], the cells of a 2×2 window in poolWinRowGeneric's order, and win[p] to the
// index of the first of them that is, or to NoWin when relu is set and
// y[p] is not positive.
func poolPhasesGeneric(a, b, c, d, y []float32, win []uint8, relu bool) {
	a, b, c, d, win = a[:len(y)], b[:len(y)], c[:len(y)], d[:len(y)], win[:len(y)]
	for p := range y {
		k, m := argmax2x2(a[p], b[p], c[p], d[p])
		if relu && m <= 0 {
			k = NoWin
		}
		y[p], win[p] = m, uint8(k)
	}
}

// wgInGeneric is the input transform's row kernel: with e_l the sum
// x[a+o_l+p] + sgn·x[b+o_l+p], o_l being 0, ps, 1 and ps+1, it sets
// v[p], v[vs+p], v[2vs+p] and v[3vs+p] to e0-e2, e1+e2, e2-e1 and e1-e3
// for p < n. The sets' vector loops are tested against it.
func wgInGeneric(v []float32, vs int, x []float32, a, b, ps int, sgn float32, n int) {
	for p := 0; p < n; p++ {
		e0 := x[a+p] + sgn*x[b+p]
		e1 := x[a+ps+p] + sgn*x[b+ps+p]
		e2 := x[a+1+p] + sgn*x[b+1+p]
		e3 := x[a+ps+1+p] + sgn*x[b+ps+1+p]
		v[p], v[vs+p], v[2*vs+p], v[3*vs+p] = e0-e2, e1+e2, e2-e1, e1-e3
	}
}

// wgOutGeneric is the output transform Aᵀ M A of the products m, M_uv
// at m[(4u+v)·ms:], into the output phases y, Y_rs at y[(2r+s)·ys:].
func wgOutGeneric(y []float32, ys int, m []float32, ms, n int) {
	for p := 0; p < n; p++ {
		var f [4][2]float32
		for u := range 4 {
			m0, m1, m2, m3 := m[4*u*ms+p], m[(4*u+1)*ms+p], m[(4*u+2)*ms+p], m[(4*u+3)*ms+p]
			f[u] = [2]float32{(m0 + m1) + m2, (m1 - m2) - m3}
		}
		y[p] = (f[0][0] + f[1][0]) + f[2][0]
		y[ys+p] = (f[0][1] + f[1][1]) + f[2][1]
		y[2*ys+p] = (f[1][0] - f[2][0]) - f[3][0]
		y[3*ys+p] = (f[1][1] - f[2][1]) - f[3][1]
	}
}

// wgGradRowGeneric is one row u of the output gradient's transform
// A dY Aᵀ: with h_s = alpha·y[a+s·ps+p] + beta·y[b+s·ps+p] for s = 0, 1
// (alpha and beta the row of A: 1 or -1, or 0), it sets m[p], m[ms+p],
// m[2ms+p] and m[3ms+p] to h0, h0+h1, h0-h1 and -h1 for p < n.
func wgGradRowGeneric(m []float32, ms int, y []float32, a, b, ps int, alpha, beta float32, n int) {
	for p := 0; p < n; p++ {
		h0 := alpha*y[a+p] + beta*y[b+p]
		h1 := alpha*y[a+ps+p] + beta*y[b+ps+p]
		m[p], m[ms+p], m[2*ms+p], m[3*ms+p] = h0, h0+h1, h0-h1, 0-h1
	}
}

// zipRowsGeneric sets, in each of rows rows, d[2j] to ev[j] and d[2j+1]
// to od[j] for the cols cells of d's row; the rows lie ds (d) and ss (ev,
// od) values apart.
func zipRowsGeneric(d []float32, ds int, ev, od []float32, ss, rows, cols int) {
	for r := 0; r < rows; r++ {
		interleave2(d[r*ds:r*ds+cols], ev[r*ss:r*ss+(cols+1)/2], od[r*ss:r*ss+cols/2])
	}
}

// unzipRowsGeneric sets, in each of rows rows, ev[j] to s[2j] and od[j]
// to s[2j+1] for the cols cells of s's row; the rows lie ds (ev, od) and
// ss (s) values apart.
func unzipRowsGeneric(ev, od []float32, ds int, s []float32, ss, rows, cols int) {
	for r := 0; r < rows; r++ {
		deinterleave2(ev[r*ds:r*ds+(cols+1)/2], od[r*ds:r*ds+cols/2], s[r*ss:r*ss+cols])
	}
}

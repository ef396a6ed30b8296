package kernels

import "math"

// PoolGeom describes max pooling of one channel plane.
type PoolGeom struct {
	H, W       int // input size
	KH, KW     int // window
	SH, SW     int // stride
	PadT, PadL int // virtual padding before the input; padded cells never win
	OH, OW     int // output size
}

// argmax returns the index in x (one H×W plane) of the largest value of the
// window at output position (oy, ox); the first one on ties.
func (g PoolGeom) argmax(x []float32, oy, ox int) int {
	best, bi := float32(math.Inf(-1)), -1
	y0, x0 := oy*g.SH-g.PadT, ox*g.SW-g.PadL
	for y := max(y0, 0); y < min(y0+g.KH, g.H); y++ {
		for x1 := max(x0, 0); x1 < min(x0+g.KW, g.W); x1++ {
			if v := x[y*g.W+x1]; v > best || bi < 0 {
				best, bi = v, y*g.W+x1
			}
		}
	}
	return bi
}

// planesParallel runs f over ranges of planes planes of size elements each,
// on up to Workers goroutines when there is enough work.
func planesParallel(planes, size int, f func(lo, hi int)) { parallelFor(planes, planes*size, f) }

// fast2x2 reports whether g is a 2×2 pooling of stride 2, whose windows
// away from the border take the unrolled path.
func (g PoolGeom) fast2x2() bool {
	return g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2
}

// argmax2x2 returns which of a, b (top row) and c, d (bottom row) is the
// largest, as 0, 1, 2 or 3, the first one on ties as argmax does, and its
// value. The comparisons compile to conditional moves: random data would
// mispredict branches.
func argmax2x2(a, b, c, d float32) (int, float32) {
	i1, m1 := 0, max(a, b)
	if b > a {
		i1 = 1
	}
	i2, m2 := 2, max(c, d)
	if d > c {
		i2 = 3
	}
	if m2 > m1 {
		i1 = i2
	}
	return i1, max(m1, m2)
}

// MaxPool writes the window maxima of planes planes of x into out.
func MaxPool(g PoolGeom, planes int, x, out []float32) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	row := cur().maxPool2x2Row
	planesParallel(planes, hw, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			xp, op := x[p*hw:(p+1)*hw], out[p*ohw:(p+1)*ohw]
			rows, cols := 0, 0
			if g.fast2x2() {
				rows, cols = maxPool2x2(g, row, xp, op)
			}
			g.eachOutside(rows, cols, func(oy, ox int) { op[oy*g.OW+ox] = xp[g.argmax(xp, oy, ox)] })
		}
	})
}

// eachOutside calls f for every output cell (oy, ox) outside the first
// rows×cols, which the unrolled 2×2 path computed, in row order.
func (g PoolGeom) eachOutside(rows, cols int, f func(oy, ox int)) {
	for oy := 0; oy < g.OH; oy++ {
		ox0 := cols
		if oy >= rows {
			ox0 = 0
		}
		for ox := ox0; ox < g.OW; ox++ {
			f(oy, ox)
		}
	}
}

// maxPool2x2 pools the inner windows of one plane; see pool2x2Rows.
func maxPool2x2(g PoolGeom, maxPool2x2Row func(r0, r1, out []float32), xp, op []float32) (rows, cols int) {
	if g.PadT != 0 || g.PadL != 0 {
		return 0, 0
	}
	rows, cols = min(g.OH, g.H/2), min(g.OW, g.W/2)
	for oy := 0; oy < rows; oy++ {
		r0 := xp[2*oy*g.W : 2*oy*g.W+2*cols]
		r1 := xp[(2*oy+1)*g.W : (2*oy+1)*g.W+2*cols]
		maxPool2x2Row(r0, r1, op[oy*g.OW:oy*g.OW+cols])
	}
	return rows, cols
}

// The 2×2 row kernels of a kernel set: maxPool2x2Row and
// maxPoolGrad2x2Row are one output row of the 2×2 pooling and of its
// gradient, upsample2x2Row and upsampleGrad2x2Row one input row of the 2×2
// nearest upsampling and of its gradient.

// upsample2x2RowGeneric copies each x[j] into d0 and d1 at 2j and 2j+1.
func upsample2x2RowGeneric(x, d0, d1 []float32) {
	d0, d1 = d0[:2*len(x)], d1[:2*len(x)]
	for j, v := range x {
		d0[2*j], d0[2*j+1], d1[2*j], d1[2*j+1] = v, v, v, v
	}
}

// upsampleGrad2x2RowGeneric sets out[j] to the sum of r0[2j], r0[2j+1],
// r1[2j] and r1[2j+1].
func upsampleGrad2x2RowGeneric(r0, r1, out []float32) {
	r0, r1 = r0[:2*len(out)], r1[:2*len(out)]
	for j := range out {
		out[j] = (r0[2*j] + r1[2*j]) + (r0[2*j+1] + r1[2*j+1])
	}
}

// maxPool2x2RowGeneric sets out[j] to the largest of r0[2j], r0[2j+1],
// r1[2j] and r1[2j+1].
func maxPool2x2RowGeneric(r0, r1, out []float32) {
	r0, r1 = r0[:2*len(out)], r1[:2*len(out)]
	for j := range out {
		out[j] = max(r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1])
	}
}

// maxPoolGrad2x2RowGeneric sets d0[2j], d0[2j+1], d1[2j], d1[2j+1] to g[j]
// at the window's first maximum and to zero elsewhere.
func maxPoolGrad2x2RowGeneric(r0, r1, g, d0, d1 []float32) {
	n := 2 * len(g)
	r0, r1, d0, d1 = r0[:n], r1[:n], d0[:n], d1[:n]
	for j, v := range g {
		k, _ := argmax2x2(r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1])
		// an indexed store rather than a switch: no branch to mispredict
		var t [4]float32
		t[k&3] = v
		d0[2*j], d0[2*j+1], d1[2*j], d1[2*j+1] = t[0], t[1], t[2], t[3]
	}
}

// MaxPoolGrad sets dx to the output gradients routed to the input cells
// that won their windows; windows do not overlap (the stride is the window
// size), and cells in no window get zero.
func MaxPoolGrad(g PoolGeom, planes int, x, gy, dx []float32) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	row := cur().maxPoolGrad2x2Row
	planesParallel(planes, hw, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			xp, gp, dp := x[p*hw:(p+1)*hw], gy[p*ohw:(p+1)*ohw], dx[p*hw:(p+1)*hw]
			rows, cols := 0, 0
			if g.fast2x2() {
				rows, cols = maxPoolGrad2x2(g, row, xp, gp, dp)
			}
			// the cells the unrolled path did not set
			for y := 0; y < g.H; y++ {
				if y < 2*rows {
					clear(dp[y*g.W+2*cols : (y+1)*g.W])
				} else {
					clear(dp[y*g.W : (y+1)*g.W])
				}
			}
			g.eachOutside(rows, cols, func(oy, ox int) { dp[g.argmax(xp, oy, ox)] += gp[oy*g.OW+ox] })
		}
	})
}

// maxPoolGrad2x2 routes the gradient of the inner windows of one plane; see
// maxPool2x2.
func maxPoolGrad2x2(g PoolGeom, maxPoolGrad2x2Row func(r0, r1, g, d0, d1 []float32), xp, gp, dp []float32) (rows, cols int) {
	if g.PadT != 0 || g.PadL != 0 {
		return 0, 0
	}
	rows, cols = min(g.OH, g.H/2), min(g.OW, g.W/2)
	for oy := 0; oy < rows; oy++ {
		r0 := xp[2*oy*g.W : 2*oy*g.W+2*cols]
		r1 := xp[(2*oy+1)*g.W : (2*oy+1)*g.W+2*cols]
		d0 := dp[2*oy*g.W : 2*oy*g.W+2*cols]
		d1 := dp[(2*oy+1)*g.W : (2*oy+1)*g.W+2*cols]
		maxPoolGrad2x2Row(r0, r1, gp[oy*g.OW:oy*g.OW+cols], d0, d1)
	}
	return rows, cols
}

// Upsample repeats every cell of planes H×W planes of x into an sh×sw block
// of out.
func Upsample(planes, h, w, sh, sw int, x, out []float32) {
	ow := w * sw
	row := cur().upsample2x2Row
	planesParallel(planes, h*w*sh*sw, func(lo, hi int) { upsample(row, lo, hi, h, w, sh, sw, ow, x, out) })
}

func upsample(upsample2x2Row func(x, d0, d1 []float32), lo, hi, h, w, sh, sw, ow int, x, out []float32) {
	for p := lo; p < hi; p++ {
		xp, op := x[p*h*w:(p+1)*h*w], out[p*h*w*sh*sw:(p+1)*h*w*sh*sw]
		if sh == 2 && sw == 2 {
			for y := 0; y < h; y++ {
				upsample2x2Row(xp[y*w:(y+1)*w], op[2*y*ow:(2*y+1)*ow], op[(2*y+1)*ow:(2*y+2)*ow])
			}
			continue
		}
		for y := 0; y < h; y++ {
			row := op[y*sh*ow : y*sh*ow+ow]
			for x1, v := range xp[y*w : (y+1)*w] {
				for k := range sw {
					row[x1*sw+k] = v
				}
			}
			for r := 1; r < sh; r++ {
				copy(op[(y*sh+r)*ow:(y*sh+r+1)*ow], row)
			}
		}
	}
}

// UpsampleGrad sets each cell of dx to the sum of its sh×sw block of gy.
func UpsampleGrad(planes, h, w, sh, sw int, gy, dx []float32) {
	ow := w * sw
	row := cur().upsampleGrad2x2Row
	planesParallel(planes, h*w*sh*sw, func(lo, hi int) { upsampleGrad(row, lo, hi, h, w, sh, sw, ow, gy, dx) })
}

func upsampleGrad(upsampleGrad2x2Row func(r0, r1, out []float32), lo, hi, h, w, sh, sw, ow int, gy, dx []float32) {
	for p := lo; p < hi; p++ {
		gp, dp := gy[p*h*w*sh*sw:(p+1)*h*w*sh*sw], dx[p*h*w:(p+1)*h*w]
		for y := 0; y < h; y++ {
			d := dp[y*w : (y+1)*w]
			if sh == 2 && sw == 2 {
				upsampleGrad2x2Row(gp[2*y*ow:(2*y+1)*ow], gp[(2*y+1)*ow:(2*y+2)*ow], d)
				continue
			}
			clear(d)
			for r := 0; r < sh; r++ {
				row := gp[(y*sh+r)*ow : (y*sh+r+1)*ow]
				for x1 := range d {
					var s float32
					for k := range sw {
						s += row[x1*sw+k]
					}
					d[x1] += s
				}
			}
		}
	}
}

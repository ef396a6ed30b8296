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

// MaxPool writes the window maxima of planes planes of x into out.
func MaxPool(g PoolGeom, planes int, x, out []float32) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	for p := 0; p < planes; p++ {
		xp, op := x[p*hw:(p+1)*hw], out[p*ohw:(p+1)*ohw]
		for oy := 0; oy < g.OH; oy++ {
			for ox := 0; ox < g.OW; ox++ {
				op[oy*g.OW+ox] = xp[g.argmax(xp, oy, ox)]
			}
		}
	}
}

// MaxPoolGrad routes each output gradient to the input cell that won its
// window, adding into dx.
func MaxPoolGrad(g PoolGeom, planes int, x, gy, dx []float32) {
	hw, ohw := g.H*g.W, g.OH*g.OW
	for p := 0; p < planes; p++ {
		xp, gp, dp := x[p*hw:(p+1)*hw], gy[p*ohw:(p+1)*ohw], dx[p*hw:(p+1)*hw]
		for oy := 0; oy < g.OH; oy++ {
			for ox := 0; ox < g.OW; ox++ {
				dp[g.argmax(xp, oy, ox)] += gp[oy*g.OW+ox]
			}
		}
	}
}

// Upsample repeats every cell of planes H×W planes of x into an sh×sw block
// of out.
func Upsample(planes, h, w, sh, sw int, x, out []float32) {
	ow := w * sw
	for p := 0; p < planes; p++ {
		xp, op := x[p*h*w:(p+1)*h*w], out[p*h*w*sh*sw:(p+1)*h*w*sh*sw]
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

// UpsampleGrad sums each sh×sw block of gy into one cell of dx.
func UpsampleGrad(planes, h, w, sh, sw int, gy, dx []float32) {
	ow := w * sw
	for p := 0; p < planes; p++ {
		gp, dp := gy[p*h*w*sh*sw:(p+1)*h*w*sh*sw], dx[p*h*w:(p+1)*h*w]
		for y := 0; y < h; y++ {
			d := dp[y*w : (y+1)*w]
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

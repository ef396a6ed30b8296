package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestMaxPool2x2 checks the unrolled 2×2 path against the generic window
// search, on planes with ties and odd sizes cut short by 'same' pooling.
func TestMaxPool2x2(t *testing.T) {
	forEachSet(t, testMaxPool2x2)
}

func testMaxPool2x2(t *testing.T, _ *kernelSet) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, hw := range [][2]int{{28, 28}, {7, 7}, {5, 8}, {1, 1}, {2, 3}, {4, 70}, {6, 64}, {2, 34}, {2, 16}, {2, 17}, {3, 30}, {2, 32}, {4, 48}} {
		h, w := hw[0], hw[1]
		g := PoolGeom{H: h, W: w, KH: 2, KW: 2, SH: 2, SW: 2, OH: (h + 1) / 2, OW: (w + 1) / 2}
		const planes = 3
		x := make([]float32, planes*h*w)
		for i := range x {
			x[i] = float32(rng.IntN(4)) // many ties
		}
		gy := randSlice(rng, planes*g.OH*g.OW)
		// garbage in the outputs: both kernels set every cell
		out := randSlice(rng, len(gy))
		dx := randSlice(rng, len(x))
		MaxPool(g, planes, x, out)
		MaxPoolGrad(g, planes, x, gy, dx)
		wantDX := make([]float32, len(x))
		for p := 0; p < planes; p++ {
			xp := x[p*h*w : (p+1)*h*w]
			for oy := 0; oy < g.OH; oy++ {
				for ox := 0; ox < g.OW; ox++ {
					i := g.argmax(xp, oy, ox)
					o := p*g.OH*g.OW + oy*g.OW + ox
					if out[o] != xp[i] {
						t.Fatalf("%dx%d: out[%d] = %v, want %v", h, w, o, out[o], xp[i])
					}
					wantDX[p*h*w+i] += gy[o]
				}
			}
		}
		closeTo(t, fmt.Sprintf("%dx%d dx", h, w), dx, wantDX, 0)
	}
}

// TestUpsample checks nearest-neighbour upsampling and its gradient, the
// sum of each block, on 2×2 and 3×2 factors.
func TestUpsample(t *testing.T) {
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		for _, hw := range [][2]int{{3, 4}, {7, 7}, {2, 35}, {1, 16}, {2, 8}, {1, 9}, {2, 15}, {3, 24}} {
			testUpsample(t, hw[0], hw[1])
		}
	})
}

func testUpsample(t *testing.T, h, w int) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, f := range [][2]int{{2, 2}, {3, 2}} {
		sh, sw := f[0], f[1]
		const planes = 2
		x := randSlice(rng, planes*h*w)
		out := randSlice(rng, planes*h*w*sh*sw)
		Upsample(planes, h, w, sh, sw, x, out)
		gy := randSlice(rng, len(out))
		dx := randSlice(rng, len(x))
		UpsampleGrad(planes, h, w, sh, sw, gy, dx)
		want := make([]float32, len(x))
		for p := 0; p < planes; p++ {
			for y := 0; y < h*sh; y++ {
				for x1 := 0; x1 < w*sw; x1++ {
					o := (p*h*sh+y)*w*sw + x1
					i := (p*h+y/sh)*w + x1/sw
					if out[o] != x[i] {
						t.Fatalf("%dx%d of %dx%d: out[%d] = %v, want %v", sh, sw, h, w, o, out[o], x[i])
					}
					want[i] += gy[o]
				}
			}
		}
		closeTo(t, "dx", dx, want, 1e-6)
	}
}

func BenchmarkMaxPool(b *testing.B) {
	g := PoolGeom{H: 28, W: 28, KH: 2, KW: 2, SH: 2, SW: 2, OH: 14, OW: 14}
	const planes = 64 * 16
	rng := rand.New(rand.NewPCG(1, 2))
	x := randSlice(rng, planes*28*28)
	out := make([]float32, planes*14*14)
	dx := make([]float32, len(x))
	b.Run("forward", func(b *testing.B) {
		for range b.N {
			MaxPool(g, planes, x, out)
		}
	})
	b.Run("grad", func(b *testing.B) {
		for range b.N {
			MaxPoolGrad(g, planes, x, out, dx)
		}
	})
}

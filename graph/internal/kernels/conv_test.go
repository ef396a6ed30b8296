package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveConv computes y = x ⋆ w and, for gy, dx and dw, in float64 from the
// definition, at any stride.
func naiveConv(g ConvGeom, n, cout int, x, w, gy []float32) (y, dx, dw []float32) {
	sh, sw := g.Strides()
	y = make([]float32, n*cout*g.OH*g.OW)
	dx = make([]float32, n*g.C*g.H*g.W)
	dw = make([]float32, cout*g.C*g.KH*g.KW)
	dwf := make([]float64, len(dw))
	dxf := make([]float64, len(dx))
	for i := 0; i < n; i++ {
		for o := 0; o < cout; o++ {
			for oy := 0; oy < g.OH; oy++ {
				for ox := 0; ox < g.OW; ox++ {
					var s float64
					yi := ((i*cout+o)*g.OH+oy)*g.OW + ox
					for c := 0; c < g.C; c++ {
						for ky := 0; ky < g.KH; ky++ {
							for kx := 0; kx < g.KW; kx++ {
								iy, ix := oy*sh+ky-g.PadT, ox*sw+kx-g.PadL
								if iy < 0 || iy >= g.H || ix < 0 || ix >= g.W {
									continue
								}
								xi := ((i*g.C+c)*g.H+iy)*g.W + ix
								wi := ((o*g.C+c)*g.KH+ky)*g.KW + kx
								s += float64(x[xi]) * float64(w[wi])
								dxf[xi] += float64(gy[yi]) * float64(w[wi])
								dwf[wi] += float64(gy[yi]) * float64(x[xi])
							}
						}
					}
					y[yi] = float32(s)
				}
			}
		}
	}
	for i, v := range dxf {
		dx[i] = float32(v)
	}
	for i, v := range dwf {
		dw[i] = float32(v)
	}
	return y, dx, dw
}

func closeTo(t *testing.T, what string, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); d > tol*(1+math.Abs(float64(want[i]))) || math.IsNaN(float64(got[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestConv checks the direct convolution and both its gradients against the
// definition, for 'same' and 'valid' padding, odd and even kernels, one and
// many channels, with the generic and the assembly inner loops.
func TestConv(t *testing.T) {
	geoms := []struct {
		n, c, h, w, cout, k int
		same                bool
	}{
		{3, 1, 28, 28, 16, 3, true},
		{2, 16, 14, 14, 1, 3, true},
		{2, 1, 7, 7, 1, 3, true},
		{3, 8, 8, 8, 16, 3, false},
		{1, 2, 5, 9, 3, 5, true},
		{2, 3, 6, 6, 2, 2, true},
		{1, 1, 1, 1, 1, 1, true},
		{5, 4, 4, 4, 8, 3, true},
		{2, 16, 8, 8, 7, 3, true},
		{2, 8, 16, 16, 16, 3, false},
		{2, 16, 9, 9, 16, 3, false},   // the kernel gradient as a matrix product, valid
		{3, 32, 7, 7, 32, 3, true},    // the kernel gradient as a matrix product
		{2, 2, 6, 6, 4, 2, true},      // filters in fours, taps not in threes: 8
		{2, 1, 5, 5, 8, 2, true},      // and 4
		{5, 16, 14, 14, 16, 3, true},  // F(2×2, 3×3), a group not full
		{2, 20, 11, 13, 16, 3, true},  // F(2×2, 3×3), odd rows and columns
		{1, 16, 12, 13, 20, 3, false}, // F(2×2, 3×3), valid, odd columns
	}
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, tc := range geoms {
			t.Run(fmt.Sprintf("%+v", tc), func(t *testing.T) {
				g := ConvGeom{C: tc.c, H: tc.h, W: tc.w, KH: tc.k, KW: tc.k, OH: tc.h, OW: tc.w}
				if tc.same {
					g.PadT, g.PadL = (tc.k-1)/2, (tc.k-1)/2
				} else {
					g.OH, g.OW = tc.h-tc.k+1, tc.w-tc.k+1
				}
				x := randSlice(rng, tc.n*tc.c*tc.h*tc.w)
				w := randSlice(rng, tc.cout*tc.c*tc.k*tc.k)
				gy := randSlice(rng, tc.n*tc.cout*g.OH*g.OW)
				wantY, wantDX, wantDW := naiveConv(g, tc.n, tc.cout, x, w, gy)
				conv := NewConv(g, tc.cout)
				for range 2 { // scratch reuse must not leak between calls
					y := randSlice(rng, len(wantY))
					conv.Forward(tc.n, x, w, y)
					closeTo(t, "y", y, wantY, 1e-4)
					dx := randSlice(rng, len(wantDX))
					conv.GradInput(tc.n, w, gy, dx)
					closeTo(t, "dx", dx, wantDX, 1e-4)
					dw := make([]float32, len(wantDW))
					conv.GradKernel(tc.n, x, gy, dw)
					closeTo(t, "dw", dw, wantDW, 1e-4)
				}
			})
		}
	})
}

func BenchmarkConv(b *testing.B) {
	setBenchKernels(b)
	for _, tc := range []struct{ c, h, cout int }{{1, 28, 16}, {16, 28, 1}, {16, 14, 1}, {1, 14, 16}} {
		g := ConvGeom{C: tc.c, H: tc.h, W: tc.h, KH: 3, KW: 3, PadT: 1, PadL: 1, OH: tc.h, OW: tc.h}
		const n = 64
		rng := rand.New(rand.NewPCG(1, 2))
		x := randSlice(rng, n*tc.c*tc.h*tc.h)
		w := randSlice(rng, tc.cout*tc.c*9)
		y := make([]float32, n*tc.cout*tc.h*tc.h)
		dw := make([]float32, len(w))
		conv := NewConv(g, tc.cout)
		flops := float64(2 * n * tc.c * tc.cout * 9 * tc.h * tc.h)
		name := fmt.Sprintf("%dx%dx%d-to-%d", tc.c, tc.h, tc.h, tc.cout)
		b.Run(name+"/forward", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				conv.Forward(n, x, w, y)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(name+"/input", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				conv.GradInput(n, w, y, x)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run(name+"/kernel", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				conv.GradKernel(n, x, y, dw)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// TestConvForwardBiasAct: the bias and activation fused into the
// convolution's output give bit for bit what Forward then BiasAct give,
// under every kernel set, for the vectorised activations and one that is
// not.
func TestConvForwardBiasAct(t *testing.T) {
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, g := range []ConvGeom{same3(1, 28, 1), same3(16, 7, 1), same3(3, 9, 2)} {
			for _, act := range []int{ActLinear, ActReLU, ActSigmoid, ActTanh} {
				t.Run(fmt.Sprintf("%+v/act%d", g, act), func(t *testing.T) {
					const n, cout = 3, 5
					x := randSlice(rng, n*g.C*g.H*g.W)
					w := randSlice(rng, cout*g.C*g.KH*g.KW)
					b := randSlice(rng, cout)
					conv := NewConv(g, cout)
					y := make([]float32, n*cout*g.OH*g.OW)
					conv.Forward(n, x, w, y)
					want := make([]float32, len(y))
					BiasAct(act, cout, g.OH*g.OW, y, b, want)
					got := randSlice(rng, len(y))
					conv.ForwardBiasAct(n, x, w, b, act, got)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("value %d: %v, want %v", i, got[i], want[i])
						}
					}
				})
			}
		}
	})
}

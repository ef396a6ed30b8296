package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestWorkerCountInvariance runs every parallel kernel with 1, 2, 3 and 16
// workers, with the grain lowered so that even small inputs are split, and
// requires results bit-identical to one worker's, under every kernel set.
func TestWorkerCountInvariance(t *testing.T) {
	defer func(g int, w int64) { grain = g; SetWorkers(int(w)) }(grain, workersSet.Load())
	grain = 1
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		for _, c := range workerCases() {
			t.Run(c.name, func(t *testing.T) {
				SetWorkers(1)
				want := c.run()
				for _, w := range []int{2, 3, 16} {
					SetWorkers(w)
					got := c.run()
					if len(got) != len(want) {
						t.Fatalf("%d workers: %d values, want %d", w, len(got), len(want))
					}
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%d workers: value %d is %v, %v with one worker", w, i, got[i], want[i])
						}
					}
				}
			})
		}
	})
}

type workerCase struct {
	name string
	run  func() []float32
}

// workerCases are the parallel kernels on inputs shaped like the seed
// models', each returning everything it computed.
func workerCases() []workerCase {
	rng := rand.New(rand.NewPCG(21, 22))
	var cases []workerCase
	for _, sz := range [][3]int{{64, 32, 784}, {64, 784, 32}, {784, 32, 64}, {37, 45, 300}, {5, 200, 17}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, b := randSlice(rng, m*k), randSlice(rng, k*n)
		c0 := randSlice(rng, m*n)
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			cases = append(cases, workerCase{fmt.Sprintf("Gemm%dx%dx%d/%v", m, n, k, tr), func() []float32 {
				c := append([]float32(nil), c0...)
				lda, ldb := k, n
				if tr[0] {
					lda = m
				}
				if tr[1] {
					ldb = k
				}
				Gemm(tr[0], tr[1], m, n, k, 1, a, lda, b, ldb, 0.5, c, n)
				return c
			}})
		}
	}
	// strided convolutions: im2col and a GEMM per image
	for _, tc := range []struct{ n, c, h, cout int }{{9, 1, 28, 8}, {13, 8, 14, 4}, {6, 32, 14, 32}} {
		g := ConvGeom{C: tc.c, H: tc.h, W: tc.h, KH: 3, KW: 3, SH: 2, SW: 2, PadT: 0, PadL: 0, OH: tc.h / 2, OW: tc.h / 2}
		x := randSlice(rng, tc.n*tc.c*tc.h*tc.h)
		w := randSlice(rng, tc.cout*tc.c*9)
		gy := randSlice(rng, tc.n*tc.cout*g.OH*g.OW)
		for _, k := range []struct {
			name string
			conv ConvKernel
		}{{"GemmConv", NewGemmConv(g, tc.cout)}, {"StridedConv", NewConv(g, tc.cout)}} {
			cases = append(cases, workerCase{fmt.Sprintf("%s%+v", k.name, tc), func() []float32 {
				y := make([]float32, len(gy))
				dx := make([]float32, len(x))
				dw := randSlice(rand.New(rand.NewPCG(1, 1)), len(w))
				k.conv.Forward(tc.n, x, w, y)
				k.conv.GradInput(tc.n, w, gy, dx)
				k.conv.GradKernel(tc.n, x, gy, dw)
				return append(append(y, dx...), dw...)
			}})
		}
	}
	for _, tc := range []struct{ n, c, h, cout int }{{9, 1, 28, 16}, {13, 16, 14, 1}, {6, 8, 7, 8}, {7, 32, 7, 32}} {
		g := ConvGeom{C: tc.c, H: tc.h, W: tc.h, KH: 3, KW: 3, PadT: 1, PadL: 1, OH: tc.h, OW: tc.h}
		x := randSlice(rng, tc.n*tc.c*tc.h*tc.h)
		w := randSlice(rng, tc.cout*tc.c*9)
		gy := randSlice(rng, tc.n*tc.cout*tc.h*tc.h)
		cases = append(cases, workerCase{fmt.Sprintf("Conv%+v", tc), func() []float32 {
			conv := NewConv(g, tc.cout)
			y := make([]float32, len(gy))
			dx := make([]float32, len(x))
			dw := randSlice(rand.New(rand.NewPCG(1, 1)), len(w))
			conv.Forward(tc.n, x, w, y)
			conv.GradInput(tc.n, w, gy, dx)
			conv.GradKernel(tc.n, x, gy, dw)
			return append(append(y, dx...), dw...)
		}})
	}
	for _, sh := range [][3]int{{64, 16, 784}, {256, 784, 1}, {100, 3, 50}} {
		batch, ch, inner := sh[0], sh[1], sh[2]
		x, bias := randSlice(rng, batch*ch*inner), randSlice(rng, ch)
		cases = append(cases, workerCase{fmt.Sprintf("Bias%v", sh), func() []float32 {
			out, gz := make([]float32, len(x)), make([]float32, len(x))
			db := append([]float32(nil), bias...)
			BiasAct(ActReLU, ch, inner, x, bias, out)
			ActGrad(ActReLU, out, x, gz)
			BiasGrad(ch, inner, x, db)
			sig := make([]float32, len(x))
			Activate(ActSigmoid, x, sig)
			return append(append(append(out, gz...), db...), sig...)
		}})
	}
	for _, n := range []int{1000, 4096, 50000, 200704} {
		z, y := randSlice(rng, n), make([]float32, n)
		for i := range y {
			y[i] = rng.Float32()
		}
		cases = append(cases, workerCase{fmt.Sprintf("Sums%d", n), func() []float32 {
			sig := make([]float32, n)
			loss := BinaryCrossEntropy(z, y, sig)
			s := ParallelSum(n, func(lo, hi int) float64 {
				var p float64
				for _, v := range z[lo:hi] {
					p += float64(v) * float64(v)
				}
				return p
			})
			hi, lo := math.Float64bits(loss), math.Float64bits(s)
			return append(sig, math.Float32frombits(uint32(hi>>32)), math.Float32frombits(uint32(hi)),
				math.Float32frombits(uint32(lo>>32)), math.Float32frombits(uint32(lo)))
		}})
	}
	for _, hw := range [][2]int{{28, 28}, {7, 7}} {
		h, w := hw[0], hw[1]
		const planes = 40
		pg := PoolGeom{H: h, W: w, KH: 2, KW: 2, SH: 2, SW: 2, OH: (h + 1) / 2, OW: (w + 1) / 2}
		x := randSlice(rng, planes*h*w)
		gy := randSlice(rng, planes*pg.OH*pg.OW)
		up := randSlice(rng, planes*h*w*4)
		cases = append(cases, workerCase{fmt.Sprintf("Pool%dx%d", h, w), func() []float32 {
			out, dx := make([]float32, len(gy)), make([]float32, len(x))
			MaxPool(pg, planes, x, out)
			MaxPoolGrad(pg, planes, x, gy, dx)
			u, du := make([]float32, len(up)), make([]float32, len(x))
			Upsample(planes, h, w, 2, 2, x, u)
			UpsampleGrad(planes, h, w, 2, 2, up, du)
			return append(append(append(out, dx...), u...), du...)
		}})
	}
	return cases
}

// TestEach: Each calls f once for each index, and while it runs every
// kernel keeps its work on its caller's goroutine.
func TestEach(t *testing.T) {
	defer SetWorkers(0)
	SetWorkers(4)
	var calls, inside, setting [3]int
	Each(3, func(i int) {
		calls[i]++
		inside[i], setting[i] = workers(), Workers()
	})
	if calls != [3]int{1, 1, 1} || inside != [3]int{1, 1, 1} || setting != [3]int{4, 4, 4} {
		t.Fatalf("calls %v, workers() inside %v, Workers() inside %v; want each called once, with 1 worker, the setting 4", calls, inside, setting)
	}
	if workers() != 4 || splits(100, 100*grain) != 4 {
		t.Fatalf("after Each: workers() = %d, splits = %d; want 4", workers(), splits(100, 100*grain))
	}
	Each(0, func(int) { t.Fatal("Each(0) called f") })
}

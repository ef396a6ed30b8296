package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestElementwise compares every set's vectorised loops with the generic
// ones and with float64 sums, on lengths around the vector widths (8, 16)
// and their unrolling, with zeros among the inputs.
func TestElementwise(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 784} {
			y := randSlice(rng, n)
			for i := 0; i < n; i += 5 {
				y[i] = 0
			}
			g := randSlice(rng, n)
			got, want := make([]float32, n), make([]float32, n)
			ks.reluGrad(y, g, got)
			reluGradGeneric(y, g, want)
			closeTo(t, "reluGrad", got, want, 0)
			for act := range NumActs {
				if act == ActSigmoid || act == ActTanh {
					continue // their own vector exp, checked against float64 below
				}
				ks.biasActPlane(act, y, 0.25, got)
				biasActScalar(act, y, 0.25, want)
				closeTo(t, "biasActPlane", got, want, 0)
			}
			// a bias per element: the row loop, against the generic
			// row and, for the sigmoid, against the set's plane loop
			// over the sums
			bias := randSlice(rand.New(rand.NewPCG(9, uint64(n))), n)
			for act := range NumActs {
				ks.biasActRow(act, y, bias, got)
				if act == ActSigmoid {
					for i := range y {
						want[i] = y[i] + bias[i]
					}
					ks.biasActPlane(act, want, 0, want)
				} else {
					biasActRowGeneric(act, y, bias, want)
				}
				closeTo(t, "biasActRow", got, want, 0)
			}
			// extreme logits among the random ones
			for i, v := range []float32{-120, -90, -87.5, -20, float32(math.Copysign(0, -1)), 0, 20, 88, 120} {
				if i < n {
					g[(i*7)%n] = v
				}
			}
			ks.biasActPlane(ActSigmoid, g, 0.25, got)
			for i, v := range g {
				s := 1 / (1 + math.Exp(-float64(v+0.25)))
				if d := math.Abs(float64(got[i]) - s); d > 1e-6*s+1e-37 {
					t.Fatalf("sigmoid(%v) = %v, want %v", v+0.25, got[i], s)
				}
			}
			ks.biasActPlane(ActTanh, g, 0.25, got)
			for i, v := range g {
				th := math.Tanh(float64(v + 0.25))
				if d := math.Abs(float64(got[i]) - th); d > 1e-6*math.Abs(th)+1e-37 {
					t.Fatalf("tanh(%v) = %v, want %v", v+0.25, got[i], th)
				}
			}
			if n > 0 {
				nan := append([]float32(nil), g...)
				nan[n-1] = float32(math.NaN())
				ks.biasActPlane(ActTanh, nan, 0, got)
				if !math.IsNaN(float64(got[n-1])) {
					t.Fatalf("tanh(NaN) = %v", got[n-1])
				}
			}
			var s float64
			for _, v := range g {
				s += float64(v)
			}
			if d := math.Abs(float64(ks.sum(g)) - s); d > 1e-5*math.Sqrt(float64(n)+1) {
				t.Fatalf("sum of %d: %v, want %v", n, ks.sum(g), s)
			}
		}
	})
}

// TestBiasActGrad checks BiasAct, ActGrad and BiasGrad on hand-computed
// values.
func TestBiasActGrad(t *testing.T) {
	forEachSet(t, testBiasActGrad)
}

func testBiasActGrad(t *testing.T, _ *kernelSet) {
	x := []float32{1, -2, 3, -4, 5, -6, 7, -8} // (1, 2, 4)
	out := make([]float32, 8)
	BiasAct(ActReLU, 2, 4, x, []float32{1, 2}, out)
	closeTo(t, "relu", out, []float32{2, 0, 4, 0, 7, 0, 9, 0}, 0)
	gz := make([]float32, 8)
	ActGrad(ActReLU, out, []float32{1, 1, 1, 1, 2, 2, 2, 2}, gz)
	closeTo(t, "reluGrad", gz, []float32{1, 0, 1, 0, 2, 0, 2, 0}, 0)
	db := []float32{10, 20}
	BiasGrad(2, 4, gz, db)
	closeTo(t, "db", db, []float32{12, 24}, 0)
	Activate(ActReLU, x, out)
	closeTo(t, "Activate", out, []float32{1, 0, 3, 0, 5, 0, 7, 0}, 0)
	ActGrad(ActSigmoid, []float32{0.5, 0.25}, []float32{1, 2}, gz[:2])
	closeTo(t, "sigmoidGrad", gz[:2], []float32{0.25, 0.375}, 1e-7)
	// a dense layer's bias: the column sums of a (3, 2) gradient
	db = []float32{1, 0}
	BiasGrad(2, 1, []float32{1, 2, 3, 4, 5, 6}, db)
	closeTo(t, "dense db", db, []float32{10, 12}, 0)
}

// TestNewActivations checks tanh, leaky relu, elu and softplus and their
// gradients, computed from the output, against float64 references, on
// large, small and tiny arguments of both signs.
func TestNewActivations(t *testing.T) {
	xs := []float64{-30, -5, -1, -0.3, -0.24, -0.01, -1e-6, 0, 1e-6, 0.01, 0.24, 0.26, 0.5, 1, 5, 30}
	for _, tc := range []struct {
		name string
		act  int
		f    func(float64) float64
		df   func(float64) float64
	}{
		{"tanh", ActTanh, math.Tanh, func(x float64) float64 { return 1 - math.Tanh(x)*math.Tanh(x) }},
		{"leaky_relu", ActLeakyReLU,
			func(x float64) float64 { return math.Max(x, 0.2*x) },
			func(x float64) float64 { return map[bool]float64{true: 1, false: 0.2}[x > 0] }},
		{"elu", ActELU,
			func(x float64) float64 { return map[bool]float64{true: x, false: math.Expm1(x)}[x > 0] },
			func(x float64) float64 { return map[bool]float64{true: 1, false: math.Exp(x)}[x > 0] }},
		{"softplus", ActSoftplus,
			func(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) },
			func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := make([]float32, len(xs))
			for i, v := range xs {
				x[i] = float32(v)
			}
			y, dz := make([]float32, len(x)), make([]float32, len(x))
			ones := make([]float32, len(x))
			for i := range ones {
				ones[i] = 1
			}
			Activate(tc.act, x, y)
			ActGrad(tc.act, y, ones, dz)
			for i, v := range x {
				want := tc.f(float64(v))
				if d := math.Abs(float64(y[i]) - want); d > 1e-6*math.Abs(want)+1e-30 && d > 2e-7*math.Max(1, math.Abs(want)) {
					t.Errorf("%s(%v) = %v, want %v", tc.name, v, y[i], want)
				}
				dw := tc.df(float64(v))
				if d := math.Abs(float64(dz[i]) - dw); d > 1e-5*math.Max(dw, 0.1) && d > 1e-4*dw {
					t.Errorf("%s'(%v) = %v, want %v", tc.name, v, dz[i], dw)
				}
			}
			// the fused bias: act(x + b) on one row and on planes
			out := make([]float32, 4)
			BiasAct(tc.act, 2, 2, []float32{0.5, -1, 2, -3}, []float32{0.25, -0.5}, out)
			for i, z := range []float64{0.75, -0.75, 1.5, -3.5} {
				if d := math.Abs(float64(out[i]) - tc.f(z)); d > 1e-6 {
					t.Errorf("BiasAct %s: out[%d] = %v, want %v", tc.name, i, out[i], tc.f(z))
				}
			}
			BiasAct(tc.act, 2, 1, []float32{0.5, -1, 2, -3}, []float32{0.25, -0.5}, out)
			for i, z := range []float64{0.75, -1.5, 2.25, -3.5} {
				if d := math.Abs(float64(out[i]) - tc.f(z)); d > 1e-6 {
					t.Errorf("BiasAct dense %s: out[%d] = %v, want %v", tc.name, i, out[i], tc.f(z))
				}
			}
		})
	}
}

// TestBiasActRows compares every set's block loop with its row loop, bit
// for bit, for every activation, on widths around the vector width, and
// checks that it leaves the cells between the rows alone.
func TestBiasActRows(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(13, 14))
		for _, cols := range []int{1, 7, 15, 16, 17, 32, 33, 100} {
			const rows, pad = 3, 5
			ldc := cols + pad
			c, b := randSlice(rng, rows*ldc), randSlice(rng, cols)
			for act := range NumActs {
				got, want := append([]float32(nil), c...), append([]float32(nil), c...)
				ks.biasActRows(act, got, ldc, rows, b)
				rowByRow(ks.biasActRow)(act, want, ldc, rows, b)
				closeTo(t, "biasActRows", got, want, 0)
				for r := 0; r < rows; r++ {
					for j := cols; j < ldc && r*ldc+j < len(c); j++ {
						if got[r*ldc+j] != c[r*ldc+j] {
							t.Fatalf("cols %d act %d: wrote cell %d of row %d, past the block", cols, act, j, r)
						}
					}
				}
			}
		}
	})
}

// TestReLUPassesNaN: a NaN pre-activation stays NaN through relu in every
// set's loops, as Go's max keeps it, so that a diverging run is seen.
func TestReLUPassesNaN(t *testing.T) {
	nan := float32(math.NaN())
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		for _, n := range []int{1, 8, 16, 33} {
			x, b := make([]float32, n), make([]float32, n)
			x[n-1], x[0] = nan, nan
			out := make([]float32, n)
			ks.biasActPlane(ActReLU, x, 0.5, out)
			row := make([]float32, n)
			ks.biasActRow(ActReLU, x, b, row)
			block := append([]float32(nil), x...)
			ks.biasActRows(ActReLU, block, n, 1, b)
			for name, v := range map[string][]float32{"biasActPlane": out, "biasActRow": row, "biasActRows": block} {
				if !math.IsNaN(float64(v[0])) || !math.IsNaN(float64(v[n-1])) {
					t.Errorf("n=%d %s: relu(NaN) = %v, %v, want NaN", n, name, v[0], v[n-1])
				}
			}
		}
	})
}

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestElementwise compares the vectorised loops with the plain ones on
// lengths around the vector width, with zeros among the inputs.
func TestElementwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 15, 16, 17, 63, 64, 65, 100, 784} {
		y := randSlice(rng, n)
		for i := 0; i < n; i += 5 {
			y[i] = 0
		}
		g := randSlice(rng, n)
		got, want := make([]float32, n), make([]float32, n)
		reluGrad(y, g, got)
		reluGradGeneric(y, g, want)
		closeTo(t, "reluGrad", got, want, 0)
		for _, act := range []int{ActLinear, ActReLU, ActSigmoid} {
			biasActPlane(act, y, 0.25, got)
			biasActScalar(act, y, 0.25, want)
			closeTo(t, "biasActPlane", got, want, 0)
		}
		var s float64
		for _, v := range g {
			s += float64(v)
		}
		if d := math.Abs(float64(sum(g)) - s); d > 1e-4 {
			t.Fatalf("sum of %d: %v, want %v", n, sum(g), s)
		}
	}
}

// TestBiasActGrad checks BiasAct, ActGrad and BiasGrad on hand-computed
// values.
func TestBiasActGrad(t *testing.T) {
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
}

package nets_test

import (
	"math"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// TestFeatureRegression: samples whose values are linear in two of them
// are reconstructed exactly from those two, and worse from one.
func TestFeatureRegression(t *testing.T) {
	const n, dim = 50, 4
	x := make([]float32, n*dim)
	for r := 0; r < n; r++ {
		a, b := float32(math.Sin(float64(r))), float32(math.Cos(float64(3*r)))
		copy(x[r*dim:], []float32{a, b, 2*a - b + 1, 0.5*b - 3})
	}
	f, err := nets.FitFeatureRegression(x, dim, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := nets.ScoreReconstructions(x, rec)
	if s.MSE > 1e-9 {
		t.Errorf("MSE %g from the two generating features, want 0", s.MSE)
	}
	g, _ := nets.FitFeatureRegression(x, dim, []int{0})
	rec, _ = g.Reconstruct(x)
	if s1, _ := nets.ScoreReconstructions(x, rec); s1.MSE < 0.01 {
		t.Errorf("MSE %g from one feature, want clearly above 0", s1.MSE)
	}
	if _, err := nets.FitFeatureRegression(x, dim, []int{4}); err == nil {
		t.Error("feature out of range: no error")
	}
}

package baseline_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/nets/baseline"
)

// TestPCA fits samples that lie on a plane in 5-D: two components rebuild
// them exactly, one leaves the variance of the second.
func TestPCA(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	u := []float64{1, 2, 0, -1, 0.5}
	v := []float64{0, 1, 1, 1, -2}
	const n, dim = 500, 5
	x := make([]float32, n*dim)
	var varB float64
	for i := 0; i < n; i++ {
		a, b := rng.NormFloat64()*3, rng.NormFloat64()*0.5
		varB += b * b
		for j := range dim {
			x[i*dim+j] = float32(10 + a*u[j] + b*v[j])
		}
	}
	p, err := baseline.FitPCA(x, dim, 2)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := p.Reconstruct(x)
	if e := mse(x, r); e > 1e-8 {
		t.Fatalf("2 components of a plane: MSE %v", e)
	}
	p1, err := baseline.FitPCA(x, dim, 1)
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := p1.Reconstruct(x)
	if e := mse(x, r1); e <= 1e-4 {
		t.Fatalf("1 component of a plane: MSE %v, want the second direction's variance", e)
	}
	if _, err := baseline.FitPCA(x, dim, 6); err == nil {
		t.Fatal("more components than dimensions were accepted")
	}
}

// TestFeatureRegression: samples whose values are linear in two of them
// are reconstructed exactly from those two, and worse from one.
func TestFeatureRegression(t *testing.T) {
	const n, dim = 50, 4
	x := make([]float32, n*dim)
	for r := 0; r < n; r++ {
		a, b := float32(math.Sin(float64(r))), float32(math.Cos(float64(3*r)))
		copy(x[r*dim:], []float32{a, b, 2*a - b + 1, 0.5*b - 3})
	}
	f, err := baseline.FitFeatureRegression(x, dim, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	if e := mse(x, rec); e > 1e-9 {
		t.Errorf("MSE %g from the two generating features, want 0", e)
	}
	g, _ := baseline.FitFeatureRegression(x, dim, []int{0})
	rec, _ = g.Reconstruct(x)
	if e := mse(x, rec); e < 0.01 {
		t.Errorf("MSE %g from one feature, want clearly above 0", e)
	}
	if _, err := baseline.FitFeatureRegression(x, dim, []int{4}); err == nil {
		t.Error("feature out of range: no error")
	}
}

// mse is the mean squared error per value of recon against orig.
func mse(orig, recon []float32) float64 {
	var s float64
	for i, v := range orig {
		d := float64(recon[i]) - float64(v)
		s += d * d
	}
	return s / float64(len(orig))
}

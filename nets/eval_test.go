package nets_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

func TestScoreReconstructions(t *testing.T) {
	s, err := nets.ScoreReconstructions([]float32{1, 0, 0.5}, []float32{0.5, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	// BCE: -log 0.5, -log(1-1e-7), -(0.5 log(1-1e-7) + 0.5 log 1e-7)
	wantBCE := (math.Log(2) - math.Log(1-1e-7) - 0.5*math.Log(1-1e-7) - 0.5*math.Log(1e-7)) / 3
	if math.Abs(s.BCE-wantBCE) > 1e-6 || math.Abs(s.MSE-(0.25+0+0.25)/3) > 1e-9 {
		t.Fatalf("scores %+v, want BCE %v and MSE %v", s, wantBCE, 0.5/3)
	}
	if _, err := nets.ScoreReconstructions([]float32{1}, nil); err == nil {
		t.Fatal("mismatched lengths were accepted")
	}
}

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
	p, err := nets.FitPCA(x, dim, 2)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := p.Reconstruct(x)
	s, _ := nets.ScoreReconstructions(x, r)
	if s.MSE > 1e-8 {
		t.Fatalf("2 components of a plane: MSE %v", s.MSE)
	}
	p1, err := nets.FitPCA(x, dim, 1)
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := p1.Reconstruct(x)
	s1, _ := nets.ScoreReconstructions(x, r1)
	if s1.MSE <= 1e-4 {
		t.Fatalf("1 component of a plane: MSE %v, want the second direction's variance", s1.MSE)
	}
	if _, err := nets.FitPCA(x, dim, 6); err == nil {
		t.Fatal("more components than dimensions were accepted")
	}
}

func TestFilters(t *testing.T) {
	for _, tc := range []struct {
		arch       string
		n, h, w, c int
	}{
		{"dense", 32, 28, 28, 0}, {"deep", 128, 28, 28, 0}, {"conv", 16, 3, 3, 0}, {"conv-keras", 16, 3, 3, 0},
	} {
		a, err := nets.NewSeed(nets.Config{Arch: tc.arch})
		if err != nil {
			t.Fatal(err)
		}
		tiles, n, h, w, err := a.Filters()
		if err != nil || n != tc.n || h != tc.h || w != tc.w || len(tiles) != n*h*w {
			t.Fatalf("%s: %d tiles of %dx%d (%d values), %v; want %d of %dx%d", tc.arch, n, h, w, len(tiles), err, tc.n, tc.h, tc.w)
		}
		if tc.arch == "dense" {
			// tile u, pixel i is w[i][u]
			wd := a.Params().Data("encoder/dense0/w")
			if tiles[3*784+100] != wd[100*32+3] {
				t.Fatalf("dense filter 3 pixel 100 = %v, want w[100][3] = %v", tiles[3*784+100], wd[100*32+3])
			}
		}
	}
}

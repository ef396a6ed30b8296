package nets_test

import (
	"math"
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

package main

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/train"
)

var pictureFiles = []string{"reconstructions.png", "filters.png", "codes.png", "loss.png"}

// TestPictures checks that a run leaves the pictures of its model, as PNGs
// of plausible size, no others, and that -no-pictures leaves none.
func TestPictures(t *testing.T) {
	dir := tinyMNIST(t)
	for _, tc := range []struct {
		arch  string
		extra []string
	}{
		{"dense", nil},
		{"conv-keras", nil},
		{"denoise", []string{"denoised.png"}},
		{"vae", []string{"latent.png", "manifold.png"}},
	} {
		arch := tc.arch
		out := filepath.Join(t.TempDir(), arch)
		r := runCLI(t, "-arch", arch, "-epochs", "2", "-batch", "8", "-quiet", "-data", dir, "-out", out)
		if r.code != exitOK {
			t.Fatalf("%s: exit code %d; stderr:\n%s", arch, r.code, r.stderr)
		}
		want := append(slices.Clone(pictureFiles), tc.extra...)
		got, err := filepath.Glob(filepath.Join(out, "*.png"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			got[i] = filepath.Base(got[i])
		}
		slices.Sort(got)
		if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("%s left %v, want %v", arch, got, want)
		}
		for _, name := range want {
			f, err := os.Open(filepath.Join(out, name))
			if err != nil {
				t.Fatalf("%s: %v", arch, err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s/%s: %v", arch, name, err)
			}
			b := img.Bounds()
			if b.Dx() < 40 || b.Dy() < 10 {
				t.Errorf("%s/%s is only %v", arch, name, b)
			}
			switch name {
			case "manifold.png": // 15x15 digits
				if b.Dx() != 15*28 || b.Dy() != 15*28 {
					t.Errorf("%s/%s is %v, want 420x420", arch, name, b)
				}
			case "denoised.png": // three rows of 10 digits at zoom 2
				if b.Dx() != 10*56+11*2 || b.Dy() != 3*(56+2*2) {
					t.Errorf("%s/%s is %v, want 582x180", arch, name, b)
				}
			}
		}
	}
	out := filepath.Join(t.TempDir(), "none")
	r := runCLI(t, "-arch", "dense", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	for _, name := range pictureFiles {
		if _, err := os.Stat(filepath.Join(out, name)); !os.IsNotExist(err) {
			t.Errorf("-no-pictures left %s (%v)", name, err)
		}
	}
}

// TestTermSeries checks that the history's terms become one series per
// name, with NaN where an epoch lacks the term.
func TestTermSeries(t *testing.T) {
	h := &train.History{Epochs: []train.EpochLogs{
		{Epoch: 1, Terms: []train.Term{{Name: "reconstruction", Value: 3, Val: 2.5}, {Name: "kl", Value: 1, Val: math.NaN()}}},
		{Epoch: 2},
		{Epoch: 3, Terms: []train.Term{{Name: "kl", Value: 0.5, Val: 0.25}, {Name: "reconstruction", Value: 2, Val: 1.5}}},
	}}
	got := termSeries(h)
	if len(got) != 2 || got[0].Name != "reconstruction" || got[1].Name != "kl" {
		t.Fatalf("series %+v, want reconstruction and kl", got)
	}
	nan := math.NaN()
	for i, want := range [][2][]float64{
		{{3, nan, 2}, {2.5, nan, 1.5}},
		{{1, nan, 0.5}, {nan, nan, 0.25}},
	} {
		for e := 0; e < 3; e++ {
			if !sameFloat(got[i].Train[e], want[0][e]) || !sameFloat(got[i].Val[e], want[1][e]) {
				t.Errorf("%s, epoch %d: %v / %v, want %v / %v", got[i].Name, e+1, got[i].Train[e], got[i].Val[e], want[0][e], want[1][e])
			}
		}
	}
	if s := termSeries(&train.History{Epochs: []train.EpochLogs{{Epoch: 1, Loss: 0.2}}}); s != nil {
		t.Errorf("a loss of no terms gave %+v", s)
	}
}

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

package main

import (
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
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

// TestFiltersTabular: for data that are no images filters.png is the
// first layer's weights as one units×features heat map, enlarged so that
// its short side is at least 64 pixels, not a strip a pixel high (issue
// 23, defect 16b).
func TestFiltersTabular(t *testing.T) {
	const rows, features, units = 40, 100, 8
	x := make([][]float32, rows)
	for i := range x {
		x[i] = make([]float32, features)
		for j := range x[i] {
			x[i][j] = float32((i*features+j)%17) / 16
		}
	}
	data := writeNPYFile(t, filepath.Join(t.TempDir(), "wide.npy"), x)
	out := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, "-arch", "dense", "-code", strconv.Itoa(units), "-epochs", "1", "-batch", "8", "-quiet", "-data", data, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	f, err := os.Open(filepath.Join(out, "filters.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dy() < 64 || b.Dx() < features {
		t.Fatalf("filters.png is %dx%d; want a heat map at least %dx64", b.Dx(), b.Dy(), features)
	}
	// one tile of units rows and features columns, and its frame
	if ratio := float64(b.Dx()) / float64(b.Dy()); ratio < 0.8*features/units || ratio > 1.2*features/units {
		t.Errorf("filters.png is %dx%d, not %d features wide by %d units high", b.Dx(), b.Dy(), features, units)
	}
}

// TestNoPicturesRemovesStale: a run resumed with -no-pictures removes the
// pictures of the earlier epoch once its first epoch is saved, rather
// than leave them beside a checkpoint they no longer show (defect 8).
func TestNoPicturesRemovesStale(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	if r := runCLI(t, "-arch", "dense", "-epochs", "1", "-batch", "8", "-quiet", "-data", dir, "-out", out); r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if got, _ := filepath.Glob(filepath.Join(out, "*.png")); len(got) == 0 {
		t.Fatal("the first run drew no pictures")
	}
	r := runCLI(t, "-resume", filepath.Join(out, "last.safetensors"), "-epochs", "2", "-quiet", "-no-pictures")
	if r.code != exitOK {
		t.Fatalf("resume: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if got, _ := filepath.Glob(filepath.Join(out, "*.png")); len(got) > 0 {
		t.Errorf("the resumed -no-pictures run left the stale %v", got)
	}
	if !strings.Contains(r.stderr, "removed the pictures of an earlier epoch") || !strings.Contains(r.stderr, "loss.png") {
		t.Errorf("the log does not name the removed pictures:\n%s", r.stderr)
	}
}

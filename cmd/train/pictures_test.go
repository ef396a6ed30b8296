package main

import (
	"image/png"
	"os"
	"path/filepath"
	"slices"
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

package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var pictureFiles = []string{"reconstructions.png", "filters.png", "codes.png", "loss.png"}

// TestPictures checks that a run leaves the four pictures, as PNGs of
// plausible size, and that -no-pictures leaves none.
func TestPictures(t *testing.T) {
	dir := tinyMNIST(t)
	for _, arch := range []string{"dense", "conv-keras"} {
		out := filepath.Join(t.TempDir(), arch)
		r := runCLI(t, "-arch", arch, "-epochs", "2", "-batch", "8", "-quiet", "-data", dir, "-out", out)
		if r.code != exitOK {
			t.Fatalf("%s: exit code %d; stderr:\n%s", arch, r.code, r.stderr)
		}
		for _, name := range pictureFiles {
			f, err := os.Open(filepath.Join(out, name))
			if err != nil {
				t.Fatalf("%s: %v", arch, err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatalf("%s/%s: %v", arch, name, err)
			}
			if b := img.Bounds(); b.Dx() < 40 || b.Dy() < 10 {
				t.Errorf("%s/%s is only %v", arch, name, b)
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

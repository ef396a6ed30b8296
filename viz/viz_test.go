package viz

import (
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestTiles(t *testing.T) {
	// two 2x3 tiles, zoom 1: gap 1, so 2 cols → width 2*3+3, height 2+2
	data := []float32{0, 0.5, 1, 2, -1, 0.25, 0, 1, 2, 3, 4, 5}
	img, err := Tiles(data, 2, 2, 3, 2, 1, Fixed)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 9 || b.Dy() != 4 {
		t.Fatalf("size %v, want 9x4", b)
	}
	// tile 0 at (1,1): 0 → 0, 0.5 → 128, 1 → 255, 2 clamps to 255, -1 to 0
	for i, want := range []uint8{0, 128, 255, 255, 0, 64} {
		if got := img.GrayAt(1+i%3, 1+i/3).Y; got != want {
			t.Fatalf("pixel %d = %d, want %d", i, got, want)
		}
	}
	per, _ := Tiles(data, 2, 2, 3, 2, 1, PerTile)
	// tile 1 at (5,1) stretched 0..5
	if per.GrayAt(5, 1).Y != 0 || per.GrayAt(7, 2).Y != 255 || per.GrayAt(6, 1).Y != 51 {
		t.Fatalf("per-tile scaling: %d %d %d", per.GrayAt(5, 1).Y, per.GrayAt(7, 2).Y, per.GrayAt(6, 1).Y)
	}
	if _, err := Tiles(data, 3, 2, 3, 2, 1, Fixed); err == nil {
		t.Fatal("too few values were accepted")
	}
}

func TestCodeLayout(t *testing.T) {
	for _, tc := range []struct {
		shape []int
		h, w  int
	}{{[]int{32}, 4, 8}, {[]int{1, 7, 7}, 7, 7}, {[]int{8, 4, 4}, 4, 32}, {[]int{128}, 8, 16}, {[]int{7}, 1, 7}} {
		if h, w := CodeLayout(tc.shape); h != tc.h || w != tc.w {
			t.Errorf("CodeLayout(%v) = %dx%d, want %dx%d", tc.shape, h, w, tc.h, tc.w)
		}
	}
	// two channels of 1x2, side by side: c0 = (1, 2), c1 = (3, 4)
	got := SideBySide([]float32{1, 2, 3, 4}, 1, 2, 1, 2)
	for i, want := range []float32{1, 2, 3, 4} {
		if got[i] != want {
			t.Fatalf("SideBySide = %v", got)
		}
	}
	got = SideBySide([]float32{1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2) // c0 rows (1 2)(3 4), c1 (5 6)(7 8)
	for i, want := range []float32{1, 2, 5, 6, 3, 4, 7, 8} {
		if got[i] != want {
			t.Fatalf("SideBySide = %v", got)
		}
	}
}

func TestPicturesAndPNG(t *testing.T) {
	orig := make([]float32, 3*4*4)
	for i := range orig {
		orig[i] = float32(i%7) / 6
	}
	rec, err := Reconstructions(orig, orig, 3, 4, 4)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Bounds().Dy() < 2*4*2 {
		t.Fatalf("reconstructions %v: want two rows of tiles", rec.Bounds())
	}
	curve, err := LossCurve("dense", []float64{0.3, 0.2, 0.15}, []float64{0.28, math.NaN(), 0.14})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "loss.png")
	if err := SavePNG(path, curve); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != curve.Bounds() {
		t.Fatalf("read back %v, wrote %v", img.Bounds(), curve.Bounds())
	}
	if _, err := LossCurve("empty", nil, nil); err == nil {
		t.Fatal("an empty history was accepted")
	}
	if err := SavePNG(filepath.Join(t.TempDir(), "no", "such", "dir.png"), curve); err == nil {
		t.Fatal("a missing folder was accepted")
	}
}

// TestSelectedPixels: the selected pixels are white, the others a third of
// the mean image.
func TestSelectedPixels(t *testing.T) {
	x := []float32{0.3, 0.6, 0.9, 0, 0.3, 0, 0.3, 0} // two 2x2 images
	img, err := SelectedPixels([]int{3}, x, 2, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	g := img.(*image.Gray)
	// the mean image is (0.3, 0.3, 0.6, 0); a third is (0.1, 0.1, 0.2, 0)
	for i, want := range []uint8{26, 26, 51, 255} {
		x, y := tileGap(8)+(i%2)*8+4, tileGap(8)+(i/2)*8+4
		if got := int(g.GrayAt(x, y).Y); got < int(want)-1 || got > int(want)+1 {
			t.Errorf("pixel %d: %d, want %d", i, got, want)
		}
	}
	if _, err := SelectedPixels([]int{4}, x, 2, 2, 2); err == nil {
		t.Error("a pixel outside the image: no error")
	}
}

// TestSavePNGMode: pictures are readable by all, as checkpoints are
// (issue 9: they were 0600).
func TestSavePNGMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.png")
	img, err := Tiles([]float32{0, 1, 0.5, 0.25}, 1, 2, 2, 1, 1, Fixed)
	if err != nil {
		t.Fatal(err)
	}
	if err := SavePNG(path, img); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
}

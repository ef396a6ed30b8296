package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

func TestEval(t *testing.T) {
	a, err := nets.NewDense(nets.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 16*784)
	for i := range x {
		x[i] = float32(i%13) / 12
	}
	if _, err := tr.Fit(context.Background(), train.Dataset{X: x, Dim: 784}, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dense.safetensors")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{path}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dense net, 32 code units", "BCE/value 0.", "PCA (32)", "autoencoder MSE / PCA MSE"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	pics := filepath.Join(t.TempDir(), "pics")
	out.Reset()
	if err := run([]string{"-no-pca", "-pictures", pics, path}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"reconstructions.png", "filters.png", "codes.png", "loss.png"} {
		if _, err := os.Stat(filepath.Join(pics, name)); err != nil {
			t.Errorf("-pictures: %v", err)
		}
	}
	if strings.Contains(out.String(), "PCA") {
		t.Errorf("-no-pca still printed PCA:\n%s", out.String())
	}
	for _, args := range [][]string{{}, {"a", "b"}, {filepath.Join(t.TempDir(), "missing.safetensors")}, {"-data", t.TempDir(), path}} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
}

// TestEvalPicturesVAE checks that -pictures draws a VAE's latent plane
// and manifold, and the loss with its terms from the checkpoint's history.
func TestEvalPicturesVAE(t *testing.T) {
	spec, err := nets.Named("vae")
	if err != nil {
		t.Fatal(err)
	}
	if spec, err = spec.ForData([]int{1, 28, 28}); err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tr, err := train.New(a, train.Config{Epochs: 2, BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	x := make([]float32, 16*784)
	for i := range x {
		x[i] = float32(i%13) / 12
	}
	val := train.Dataset{X: x[:8*784], Dim: 784}
	if _, err := tr.Fit(context.Background(), train.Dataset{X: x, Dim: 784}, &val); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "vae.safetensors")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	pics := filepath.Join(t.TempDir(), "pics")
	var out bytes.Buffer
	if err := run([]string{"-no-pca", "-pictures", pics, path}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		minW   int
		wantWH [2]int
	}{
		{"latent.png", 300, [2]int{}},
		{"manifold.png", 0, [2]int{15 * 28, 15 * 28}},
		{"loss.png", 3 * 300, [2]int{}}, // the loss, reconstruction and kl side by side
		{"reconstructions.png", 300, [2]int{}},
	} {
		img := readPNG(t, filepath.Join(pics, tc.name))
		b := img.Bounds()
		if tc.wantWH != [2]int{} && (b.Dx() != tc.wantWH[0] || b.Dy() != tc.wantWH[1]) {
			t.Errorf("%s is %v, want %dx%d", tc.name, b, tc.wantWH[0], tc.wantWH[1])
		}
		if b.Dx() < tc.minW {
			t.Errorf("%s is only %v", tc.name, b)
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

package main

import (
	"bytes"
	"context"
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

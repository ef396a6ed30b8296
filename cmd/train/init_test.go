package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// TestInitONNX: -init model.onnx fine-tunes an exported net from its
// weights, as a new run; a tiny learning rate leaves them where they were.
func TestInitONNX(t *testing.T) {
	dir := tinyMNIST(t)
	first := filepath.Join(t.TempDir(), "first")
	if r := runCLI(t, "-arch", "dense", "-epochs", "1", "-quiet", "-no-pictures", "-data", dir, "-out", first); r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	a, err := nets.Load(filepath.Join(first, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	model := filepath.Join(t.TempDir(), "model.onnx")
	if err := a.WriteONNX(model, nets.ONNXReconstruct); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "tuned")
	r := runCLI(t, "-init", model, "-epochs", "1", "-lr", "1e-20", "-quiet", "-no-pictures", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("-init: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if rows := historyRows(t, out); len(rows) != 1 || !strings.HasPrefix(rows[0], "1,") {
		t.Errorf("history %q, want one row, epoch 1", rows)
	}
	b, err := nets.Load(filepath.Join(out, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, name := range a.Params().Names() {
		for i, v := range a.Params().Data(name) {
			if d := v - b.Params().Data(name)[i]; d > 1e-6 || d < -1e-6 {
				t.Fatalf("%s[%d] = %v, the -init model's is %v", name, i, b.Params().Data(name)[i], v)
			}
		}
	}
	if r := runCLI(t, "-init", model, "-arch", "deep", "-data", dir); r.code != exitUsage || !strings.Contains(r.stderr, "-init") {
		t.Errorf("-init with -arch: exit code %d, stderr %q; want a usage error naming -init", r.code, r.stderr)
	}
}

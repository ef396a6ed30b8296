package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/nets"
)

// TestEncodeONNX: an .onnx export is a checkpoint to encode with, and
// gives the checkpoint's codes bit for bit.
func TestEncodeONNX(t *testing.T) {
	x, labels := clitest.Digits(50, 3, 1)
	ckpt := clitest.Checkpoint(t, "dense", x)
	a, err := nets.Load(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	model := filepath.Join(t.TempDir(), "model.onnx")
	if err := a.WriteONNX(model, nets.ONNXEncoder); err != nil {
		t.Fatal(err)
	}
	data := clitest.WriteCSV(t, t.TempDir(), "digits.csv", x, labels)
	var outs [2][]byte
	for i, m := range []string{ckpt, model} {
		out := filepath.Join(t.TempDir(), "codes.csv")
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"-o", out, "-no-picture", "-data", data, "-label-column", "label", m}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", m, code, stderr.String())
		}
		if outs[i], err = os.ReadFile(out); err != nil {
			t.Fatal(err)
		}
	}
	if len(outs[0]) == 0 || !bytes.Equal(outs[0], outs[1]) {
		t.Error("the codes of the .onnx export differ from the checkpoint's")
	}
}

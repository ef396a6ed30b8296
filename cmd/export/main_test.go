package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

func runExport(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestExport: a checkpoint's export, exported again from the .onnx file
// (which every command takes as a checkpoint), is the same file byte for
// byte; so is each graph.
func TestExport(t *testing.T) {
	x, _ := clitest.Digits(20, 2, 1)
	ckpt := clitest.Checkpoint(t, "dense", x)
	dir := t.TempDir()
	for _, g := range []string{"reconstruct", "encoder", "decoder", "score"} {
		first, again := filepath.Join(dir, g+".onnx"), filepath.Join(dir, g+"-again.onnx")
		if code, _, stderr := runExport("-o", first, "-graph", g, ckpt); code != 0 {
			t.Fatalf("%s: exit %d: %s", g, code, stderr)
		}
		if code, _, stderr := runExport("-o", again, "-graph", g, first); code != 0 {
			t.Fatalf("%s from .onnx: exit %d: %s", g, code, stderr)
		}
		a, _ := os.ReadFile(first)
		b, _ := os.ReadFile(again)
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: the export of the export differs (%d and %d bytes)", g, len(a), len(b))
		}
	}
	clitest.SameWeights(t, ckpt, filepath.Join(dir, "reconstruct.onnx"))
}

func TestExportBadFlags(t *testing.T) {
	x, _ := clitest.Digits(20, 2, 1)
	ckpt := clitest.Checkpoint(t, "dense", x)
	out := filepath.Join(t.TempDir(), "m.onnx")
	for _, c := range []struct {
		args  []string
		want  string
		usage bool
	}{
		{[]string{"-o", out, "-graph", "both", ckpt}, "-graph", true},
		{[]string{"-o", out}, "want one checkpoint file", true},
		{[]string{"-o", out, filepath.Join(t.TempDir(), "none.safetensors")}, "none.safetensors", false},
		{[]string{"-o", filepath.Join(t.TempDir(), "no", "dir", "m.onnx"), ckpt}, "m.onnx", false},
	} {
		code, _, stderr := runExport(c.args...)
		if code == 0 {
			t.Fatalf("%v: exit 0", c.args)
		}
		clitest.CheckFailure(t, stderr, c.want, c.usage)
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v: wrote %s", c.args, out)
		}
	}
}

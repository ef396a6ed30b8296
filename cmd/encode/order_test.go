package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestFlagsAfterCheckpoint: encode CHECKPOINT -o CODES -data PATH, the
// README's order, writes the codes the flags-first order writes.
func TestFlagsAfterCheckpoint(t *testing.T) {
	ckpt, data, _, _ := clitest.DigitsCheckpoint(t, 10, 2, 5, false)
	first := filepath.Join(t.TempDir(), "codes.npy")
	after := filepath.Join(t.TempDir(), "codes.npy")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-o", first, "-no-picture", "-data", data, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{ckpt, "-o", after, "-data", data, "-label-column", "label", "-no-picture"}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("flags after the checkpoint: exit %d: %s", code, stderr.String())
	}
	a, _ := os.ReadFile(first)
	b, err := os.ReadFile(after)
	if err != nil || !bytes.Equal(a, b) || len(a) < 10*32*4 {
		t.Errorf("codes of %d bytes (%v), the flags-first order wrote %d", len(b), err, len(a))
	}
}

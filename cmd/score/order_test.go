package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestFlagsAfterCheckpoint: score CHECKPOINT -out DIR -data PATH, the
// README's order, scores as the flags-first order does.
func TestFlagsAfterCheckpoint(t *testing.T) {
	ckpt, data, _, _ := clitest.DigitsCheckpoint(t, 12, 2, 6, false)
	first, after := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", first, "-no-pictures", "-data", data, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{ckpt, "-out", after, "-data", data, "-label-column", "label", "-no-pictures"}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("flags after the checkpoint: exit %d: %s", code, stderr.String())
	}
	_, s1, _ := readScores(t, first)
	_, s2, _ := readScores(t, after)
	if len(s2) != 12 || !slices.Equal(s1, s2) {
		t.Errorf("scores %v, the flags-first order gave %v", s2, s1)
	}
}

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/graph"
)

// TestSummaryChecksum: summary.json records the SHA-256 of the checkpoint
// it scored, so that cmd/serve can tell a summary of another checkpoint.
func TestSummaryChecksum(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 3, 2, graph.Linear, "mse")
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range 20 {
		b.WriteString(strings.Repeat([]string{"0.25,", "0.5,"}[i%2], 2) + "0.75\n")
	}
	path := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-data", path, ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	raw, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if got, want := readSummary(t, out).CheckpointSHA256, hex.EncodeToString(sum[:]); got != want {
		t.Errorf("checkpoint_sha256 %q, want %q", got, want)
	}
}

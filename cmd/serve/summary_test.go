package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestSummaryOfAnotherCheckpoint: a -summary that records another
// checkpoint's SHA-256 is a bad flag; one that records this checkpoint's
// serves quietly; one that records none serves with a warning; a
// negative threshold is refused as such (defect 4).
func TestSummaryOfAnotherCheckpoint(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	raw, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	other := write("other.json", `{"checkpoint":"runs/x/best.safetensors","checkpoint_sha256":"`+strings.Repeat("ab", 32)+`","threshold_rule":"p99","threshold":0.5}`)
	// a cancelled context: a server that starts stops at once
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	if code := run(ctx, []string{"-addr", "127.0.0.1:0", "-summary", other, ckpt}, &stderr, nil); code != 2 ||
		!strings.Contains(stderr.String(), "-summary: "+other+" was written for another checkpoint") {
		t.Errorf("a summary of another checkpoint: exit %d, want 2 and an error naming -summary:\n%s", code, &stderr)
	}
	for _, body := range []string{`{"threshold": -5}`, `{"threshold_rule":"p99","threshold":-5}`} {
		stderr.Reset()
		code := run(ctx, []string{"-addr", "127.0.0.1:0", "-summary", write("neg.json", body), ckpt}, &stderr, nil)
		if code == 0 || !strings.Contains(stderr.String(), "-summary:") || !strings.Contains(stderr.String(), "must be a finite number >= 0") {
			t.Errorf("%s: exit %d, want an error saying the threshold must be >= 0:\n%s", body, code, &stderr)
		}
	}
	same := write("same.json", fmt.Sprintf(`{"checkpoint_sha256":%q,"threshold_rule":"p99","threshold":0.5}`, hex.EncodeToString(sum[:])))
	if _, log := start(t, "-addr", "127.0.0.1:0", "-summary", same, ckpt); strings.Contains(log.String(), "level=warning") {
		t.Errorf("a warning for the checkpoint's own summary: %s", log)
	}
	old := write("old.json", `{"threshold_rule":"p99","threshold":0.5}`)
	if _, log := start(t, "-addr", "127.0.0.1:0", "-summary", old, ckpt); !strings.Contains(log.String(), "level=warning") || !strings.Contains(log.String(), "checkpoint_sha256") {
		t.Errorf("no warning for a summary that does not say its checkpoint: %s", log)
	}
}

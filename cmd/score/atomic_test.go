package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestScoreAllOrNothing: a run that fails while writing replaces none of
// an earlier run's outputs (no new scores.csv beside an old summary.json)
// and leaves no file of its own; one that succeeds replaces them all and
// removes the earlier pictures it did not draw again.
func TestScoreAllOrNothing(t *testing.T) {
	ckpt, data, _, _ := clitest.DigitsCheckpoint(t, 20, 2, 8, false)
	out := t.TempDir()
	old := map[string]string{"scores.csv": "old scores", "histogram.png": "old picture", "roc.png": "old roc"}
	for name, s := range old {
		os.WriteFile(filepath.Join(out, name), []byte(s), 0o644)
	}
	// summary.json, then worst.png, is a folder: writing it fails
	for _, folder := range []string{"summary.json", "worst.png"} {
		os.Mkdir(filepath.Join(out, folder), 0o755)
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"-out", out, "-worst", "2", "-data", data, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr)
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if last := lines[len(lines)-1]; code != 1 || !strings.HasPrefix(last, "score: ") || !strings.Contains(last, folder) {
			t.Errorf("%s a folder: exit %d, stderr %q; want 1 and an error naming it", folder, code, stderr.String())
		}
		for name, s := range old {
			if b, _ := os.ReadFile(filepath.Join(out, name)); string(b) != s {
				t.Errorf("%s a folder: %s is %.20q after the failed run, was %q", folder, name, b, s)
			}
		}
		want := []string{"histogram.png", "roc.png", "scores.csv", folder}
		slices.Sort(want)
		if got := clitest.DirFiles(t, out); !slices.Equal(got, want) {
			t.Errorf("%s a folder: files %v after the failed run, want %v", folder, got, want)
		}
		os.Remove(filepath.Join(out, folder))
	}
	// a run that succeeds, without -normal: no roc.png
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-worst", "2", "-data", data, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got := clitest.DirFiles(t, out); !slices.Equal(got, []string{"histogram.png", "scores.csv", "summary.json", "worst.png"}) {
		t.Errorf("files %v after a run", got)
	}
	if _, scores, _ := readScores(t, out); len(scores) != 20 {
		t.Errorf("%d scores", len(scores))
	}
	// into a folder that does not exist yet
	fresh := filepath.Join(t.TempDir(), "a", "b")
	if code := run(context.Background(), []string{"-out", fresh, "-no-pictures", "-data", data, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got := clitest.DirFiles(t, fresh); !slices.Equal(got, []string{"scores.csv", "summary.json"}) {
		t.Errorf("files %v in a new folder", got)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o755 {
		t.Errorf("the new folder has mode %v", fi.Mode())
	}
	if got := clitest.DirFiles(t, filepath.Dir(fresh)); !slices.Equal(got, []string{"b"}) {
		t.Errorf("files %v beside the new folder", got)
	}
}

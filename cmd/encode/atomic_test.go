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

// TestEncodeAllOrNothing: a failed run replaces none of an earlier run's
// outputs and leaves no file of its own; a run that succeeds replaces
// them all.
func TestEncodeAllOrNothing(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	dir := t.TempDir()
	empty := clitest.WriteNPY(t, t.TempDir(), "empty.npy", nil, []int{0, 784})
	x, labels := clitest.Digits(6, 2, 7)
	good := clitest.WriteCSV(t, t.TempDir(), "d.csv", x, labels)
	out := t.TempDir()
	old := map[string]string{"codes.npy": "old codes", "labels.npy": "old labels", "codes-2d.png": "old picture"}
	for name, s := range old {
		os.WriteFile(filepath.Join(out, name), []byte(s), 0o644)
	}
	// a folder where a picture goes makes the run fail after the codes
	os.Mkdir(filepath.Join(dir, "codes-2d.png"), 0o755)
	os.WriteFile(filepath.Join(dir, "codes-2d.png", "keep"), nil, 0o644)
	for _, c := range []struct {
		name string
		args []string
		want string
		out  string
	}{
		{"empty data", []string{"-o", filepath.Join(out, "codes.npy"), "-data", empty, ckpt}, "empty.npy", out},
		{"picture path a folder", []string{"-o", filepath.Join(dir, "codes.npy"), "-data", good, "-label-column", "label", ckpt}, "codes-2d.png", dir},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), c.args, &bytes.Buffer{}, &stderr); code != 1 {
			t.Errorf("%s: exit %d, want 1", c.name, code)
		}
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, "encode: ") || !strings.Contains(last, c.want) {
			t.Errorf("%s: stderr %q, want an error naming %s", c.name, stderr.String(), c.want)
		}
	}
	for name, s := range old {
		if b, _ := os.ReadFile(filepath.Join(out, name)); string(b) != s {
			t.Errorf("%s: %q after a failed run, was %q", name, b, s)
		}
	}
	if got := clitest.DirFiles(t, out); !slices.Equal(got, []string{"codes-2d.png", "codes.npy", "labels.npy"}) {
		t.Errorf("files after a failed run: %v", got)
	}
	if got := clitest.DirFiles(t, dir); !slices.Equal(got, []string{"codes-2d.png"}) {
		t.Errorf("files after a failed run: %v", got)
	}
	// a run that succeeds replaces every output
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-o", filepath.Join(out, "codes.npy"), "-data", good, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for name, s := range old {
		if b, _ := os.ReadFile(filepath.Join(out, name)); len(b) < 64 || string(b) == s {
			t.Errorf("%s not replaced: %q", name, b)
		}
	}
	if got := clitest.DirFiles(t, out); !slices.Equal(got, []string{"codes-2d.png", "codes.npy", "labels.npy"}) {
		t.Errorf("files after a run: %v", got)
	}
}

package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestPicturesAllOrNothing: -pictures that fails part way replaces none of
// the pictures an earlier run drew there and leaves none of its own.
func TestPicturesAllOrNothing(t *testing.T) {
	ckpt, data, _, _ := clitest.DigitsCheckpoint(t, 12, 2, 9, true)
	pics := t.TempDir()
	for _, n := range []string{"reconstructions.png", "filters.png", "codes.png"} {
		os.WriteFile(filepath.Join(pics, n), []byte("old"), 0o644)
	}
	os.Mkdir(filepath.Join(pics, "loss.png"), 0o755) // the last picture cannot be written
	err := run([]string{"-no-pca", "-pictures", pics, "-data", data, "-label-column", "label", ckpt}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-pictures: ") || !strings.Contains(err.Error(), "loss.png") {
		t.Fatalf("error %v, want one naming -pictures and loss.png", err)
	}
	for _, n := range []string{"reconstructions.png", "filters.png", "codes.png"} {
		if b, _ := os.ReadFile(filepath.Join(pics, n)); string(b) != "old" {
			t.Errorf("%s replaced (%d bytes) by a failed run", n, len(b))
		}
	}
	ents, _ := os.ReadDir(pics)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, []string{"codes.png", "filters.png", "loss.png", "reconstructions.png"}) {
		t.Errorf("files %v after a failed run", got)
	}
}

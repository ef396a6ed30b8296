package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestFlagsAfterCheckpoint: the README's order, CHECKPOINT [-data PATH],
// works, and prints what the flags-first order prints.
func TestFlagsAfterCheckpoint(t *testing.T) {
	ckpt, data, _, _ := clitest.DigitsCheckpoint(t, 12, 2, 4, false)
	var first, after bytes.Buffer
	if err := run([]string{"-data", data, "-label-column", "label", "-no-pca", ckpt}, &first, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{ckpt, "-data", data, "-label-column=label", "-no-pca"}, &after, io.Discard); err != nil {
		t.Fatalf("flags after the checkpoint: %v", err)
	}
	if after.String() != first.String() || !strings.Contains(after.String(), "12 samples (all of") {
		t.Errorf("flags after the checkpoint printed\n%s\nflags first\n%s", after.String(), first.String())
	}
	if err := run([]string{"-no-pca", "--", ckpt, "-data"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "want one checkpoint file") {
		t.Errorf("two arguments after --: %v", err)
	}
}

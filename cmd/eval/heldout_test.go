package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// autoencoderLine returns the line of eval's output with the net's
// figures.
func autoencoderLine(t *testing.T, out string) string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "autoencoder  BCE/value") {
			return l
		}
	}
	t.Fatalf("no autoencoder line in:\n%s", out)
	return ""
}

// TestEvalHeldOut: for data without a test part, eval scores exactly the
// rows the training run held out, as its checkpoint records them, and
// says so; -all scores every row.
func TestEvalHeldOut(t *testing.T) {
	csv := writeCSV(t, 6, 60)
	path := checkpointFor(t, nets.Stack(3), csv)
	clitest.Record(t, path, csv, data.Options{}, 0.1, 1)

	var held bytes.Buffer
	if err := run([]string{"-data", csv, "-no-pca", path}, &held, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := "6 samples (held-out: the shuffled 10% (seed 1) of"; !strings.Contains(held.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, held.String())
	}
	// The same figures as for a file of exactly the held-out rows.
	rows := clitest.HeldOutCSV(t, t.TempDir(), "held.csv", csv, data.Options{}, 0.1, 1)
	var only bytes.Buffer
	if err := run([]string{"-data", rows, "-all", "-no-pca", path}, &only, io.Discard); err != nil {
		t.Fatal(err)
	}
	if a, b := autoencoderLine(t, held.String()), autoencoderLine(t, only.String()); a != b {
		t.Errorf("the held-out rows score %q, a file of the rows the split holds out %q", a, b)
	}

	var all bytes.Buffer
	if err := run([]string{"-all", "-data", csv, path}, &all, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := "60 samples (all of"; !strings.Contains(all.String(), want) {
		t.Errorf("-all: output lacks %q:\n%s", want, all.String())
	}
}

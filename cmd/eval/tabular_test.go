package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// TestEvalPCAComponents: on data of fewer features than the code has
// units, PCA gets as many components as there are features, says so and
// that it reconstructs exactly, and no ratio is printed; an MSE model's
// line gives its own loss, no BCE.
func TestEvalPCAComponents(t *testing.T) {
	csv := writeCSV(t, 3, 40) // values in 10..90
	ckpt := clitest.TabularCheckpoint(t, 3, 32, graph.Linear, "mse")
	var out bytes.Buffer
	if err := run([]string{"-data", csv, ckpt}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"autoencoder  MSE/value", "PCA (3 components, not 32", "reconstructs these 3-value samples exactly"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	for _, bad := range []string{"Inf", "NaN", "BCE", "MSE / PCA MSE"} {
		if strings.Contains(s, bad) {
			t.Errorf("output holds %q:\n%s", bad, s)
		}
	}
	// fewer training rows than features: rows - 1 components
	few := writeCSV(t, 6, 3)
	ckpt = clitest.TabularCheckpoint(t, 6, 4, graph.Linear, "mse")
	out.Reset()
	if err := run([]string{"-data", few, ckpt}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := "PCA (2 components, not 4"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
}

// TestEvalRecordedData: without -data, eval reads the data the checkpoint
// records and scores its held-out rows, saying which data it read.
func TestEvalRecordedData(t *testing.T) {
	csv := writeCSV(t, 6, 60)
	path := checkpointFor(t, nets.Stack(3), csv)
	clitest.Record(t, path, csv, data.Options{}, 0.1, 1)
	var out, stderr bytes.Buffer
	if err := run([]string{"-no-pca", path}, &out, &stderr); err != nil {
		t.Fatal(err)
	}
	if want := "6 samples (held-out: the shuffled 10% (seed 1) of " + csv; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	if !strings.Contains(stderr.String(), csv) {
		t.Errorf("stderr does not name the data read:\n%s", stderr.String())
	}
}

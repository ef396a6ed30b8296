package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// checkpointFor trains spec for an epoch on the CSV at path, scaled as
// cmd/train scales it, and saves it.
func checkpointFor(t *testing.T, spec nets.Spec, csv string) string {
	t.Helper()
	split, err := data.Open(csv, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if spec, err = spec.ForData(split.Train.Shape); err != nil {
		t.Fatal(err)
	}
	if spec.Scale, err = data.FitScaler("", split.Train); err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := a.Scale(split.Train.X)
	tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), train.Dataset{X: x, Dim: split.Train.Size()}, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ckpt.safetensors")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeCSV(t *testing.T, cols, rows int) string {
	t.Helper()
	var b strings.Builder
	for j := 0; j < cols; j++ {
		if j > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "f%d", j)
	}
	b.WriteString("\n")
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "%g", 50+40*math.Sin(float64(i*(j+1))))
		}
		b.WriteString("\n")
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEvalOwnData: a checkpoint trained on a CSV is scored on it, with its
// own scaling; data of another shape is an error naming both shapes.
func TestEvalOwnData(t *testing.T) {
	csv := writeCSV(t, 6, 60)
	path := checkpointFor(t, nets.Stack(3), csv)
	var out bytes.Buffer
	if err := run([]string{"-data", csv, path}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 code units, 60 samples (all of", "PCA (3)", "MSE / PCA MSE"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	other := writeCSV(t, 7, 10)
	err := run([]string{"-data", other, path}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "takes samples of shape 6, the data has 7") {
		t.Errorf("data of another shape: %v", err)
	}
}

// TestEvalConcrete: a concrete autoencoder's selected features are
// compared with random ones and with PCA.
func TestEvalConcrete(t *testing.T) {
	csv := writeCSV(t, 8, 80)
	s, err := nets.Named("concrete")
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.WithSelect(3); err != nil {
		t.Fatal(err)
	}
	path := checkpointFor(t, s, csv)
	var out bytes.Buffer
	if err := run([]string{"-data", csv, path}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"selected features: [", "linear, from the selected", "linear, from random", "PCA (3)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestEvalBadInput: bad flags exit 2 with a hint, bad files 1, each with
// one line naming the flag or file.
func TestEvalBadInput(t *testing.T) {
	csv := writeCSV(t, 6, 30)
	good := checkpointFor(t, nets.Stack(3), csv)
	garbage := filepath.Join(t.TempDir(), "garbage.safetensors")
	os.WriteFile(garbage, []byte("not a checkpoint"), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-nosuchflag", good}, 2, "-nosuchflag"},
		{[]string{}, 2, "checkpoint"},
		{[]string{"-size", "big", good}, 2, "-size"},
		{[]string{"-layout", "hwcn", "-data", csv, good}, 2, "-layout"},
		{[]string{garbage}, 1, "garbage.safetensors"},
		{[]string{"-data", filepath.Join(t.TempDir(), "none.csv"), good}, 1, "none.csv"},
	} {
		var stderr bytes.Buffer
		code := cliCode(run(c.args, io.Discard, &stderr), &stderr)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if code != c.code || !strings.Contains(first, c.want) || strings.Contains(stderr.String(), "goroutine") {
			t.Errorf("eval %v: exit %d, stderr %q; want %d and a line naming %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}

func cliCode(err error, stderr io.Writer) int { return cli.Code("eval", err, stderr) }

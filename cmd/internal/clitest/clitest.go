// Package clitest makes the checkpoints and data files the command tests
// run on.
package clitest

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// Checkpoint saves a net of the named seed spec (scaled x/255), trained
// for one epoch on x (rows of 784 raw pixels) if x is not nil, and
// returns its path.
func Checkpoint(t testing.TB, arch string, x []float32) string {
	t.Helper()
	s, err := nets.Config{Arch: arch}.Spec()
	if err != nil {
		t.Fatal(err)
	}
	return SpecCheckpoint(t, s, x)
}

// SpecCheckpoint saves a net of spec, trained for one epoch on x (raw
// rows) if x is not nil, and returns its path.
func SpecCheckpoint(t testing.TB, s nets.Spec, x []float32) string {
	t.Helper()
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 32})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if x != nil {
		scaled, err := a.Scale(x)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Fit(t.Context(), train.Dataset{X: scaled, Dim: graph.Size(a.SampleShape())}, nil); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "net.safetensors")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// Digits returns n fake 28x28 digits of raw pixels (0..255) and their
// labels: class c lights the rows 2c to 2c+9, plus noise.
func Digits(n, classes int, seed uint64) ([]float32, []string) {
	rng := rand.New(rand.NewPCG(seed, 11))
	x := make([]float32, n*784)
	labels := make([]string, n)
	for i := range n {
		c := i % classes
		labels[i] = fmt.Sprint(c)
		for p := range 784 {
			v := float32(rng.IntN(30))
			if r := p / 28; r >= 2*c && r < 2*c+10 {
				v = 200 + float32(rng.IntN(56))
			}
			x[i*784+p] = v
		}
	}
	return x, labels
}

// WriteCSV writes samples of 784 values with a label column "label" into
// dir/name and returns its path.
func WriteCSV(t testing.TB, dir, name string, x []float32, labels []string) string {
	t.Helper()
	var b bytes.Buffer
	for p := range 784 {
		fmt.Fprintf(&b, "p%d,", p)
	}
	b.WriteString("label\n")
	for i, l := range labels {
		var row []string
		for _, v := range x[i*784 : (i+1)*784] {
			row = append(row, fmt.Sprint(v))
		}
		b.WriteString(strings.Join(row, ",") + "," + l + "\n")
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// WriteNPY writes rows of shape into dir/name and returns its path.
func WriteNPY(t testing.TB, dir, name string, x []float32, shape []int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	w, err := cli.CreateNPY(path, shape)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteValues(x); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// CheckFailure checks what a failed command printed: one line naming
// want (and for a usage error, the hint line), no stack trace.
func CheckFailure(t testing.TB, stderr string, want string, usage bool) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	n := 1
	if usage {
		n = 2
	}
	if len(lines) != n || !strings.Contains(lines[0], want) || strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr %q: want %d line(s), the first naming %q", stderr, n, want)
	}
}

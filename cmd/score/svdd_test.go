package main

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// TestScoreSVDD: cmd/score scores an svdd model by the squared distance
// of each row's code to the centre, as AnomalyScores does, and refuses
// -explain for it.
func TestScoreSVDD(t *testing.T) {
	x, labels := clitest.Digits(30, 3, 4)
	csv := clitest.WriteCSV(t, t.TempDir(), "d.csv", x, labels)
	s := nets.Spec{Input: []int{784}, Encoder: []nets.Layer{nets.Dense(4, graph.Linear).NoBias()}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)},
		Loss: graph.MSE, Objective: nets.ObjectiveSVDD, SVDD: &nets.SVDD{Center: []float32{0.1, -0.2, 0.3, 0.5}}, Scale: &data.Scaler{Kind: data.ScaleUnit}, Seed: 2}
	ckpt := clitest.SpecCheckpoint(t, s, nil)
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-no-pictures", "-all", "-data", csv, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	_, scores, _ := readScores(t, out)
	a, err := nets.Load(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	scaled, err := a.Scale(x)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := a.Encode(scaled)
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range scores {
		var d float64
		for j, c := range s.SVDD.Center {
			v := float64(codes[i*4+j]) - float64(c)
			d += v * v
		}
		if math.Abs(got-d) > 1e-9*math.Max(1, d) {
			t.Errorf("row %d: score %v, squared distance %v", i, got, d)
		}
	}
	stderr.Reset()
	code := run(context.Background(), []string{"-out", out, "-explain", "-data", csv, "-label-column", "label", ckpt}, &bytes.Buffer{}, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "-explain") {
		t.Errorf("-explain on an svdd model: exit %d, %s", code, stderr.String())
	}
}

package oneclass_test

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train/oneclass"
	"github.com/sirupsen/logrus"
)

// blobs returns n 1×4×4 images of two classes: "a" bright on the left,
// "b" bright on the right, with noise.
func blobs(n int, seed uint64) *data.Set {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := &data.Set{Shape: []int{1, 4, 4}, Source: "blobs"}
	for i := range n {
		label := "a"
		if i%2 == 1 {
			label = "b"
		}
		for p := range 16 {
			v := 0.1 * rng.Float64()
			if (p%4 < 2) == (label == "a") {
				v += 0.6 + 0.3*rng.Float64()
			}
			s.X = append(s.X, float32(v))
		}
		s.Labels = append(s.Labels, label)
	}
	return s
}

func quietLog() logrus.FieldLogger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

// TestRun runs both methods on both classes: every AUC is high, the
// table has a row per class and method and a mean row per method, the
// pictures are written, and a second run reads the results back instead
// of training again.
func TestRun(t *testing.T) {
	spec := nets.Spec{
		Encoder: []nets.Layer{nets.Flatten(), nets.Dense(3, graph.Linear).NoBias()},
		Decoder: []nets.Layer{nets.Dense(16, graph.ReLU), nets.Reshape(1, 4, 4), nets.Conv(0, 3, graph.Sigmoid)},
		Loss:    graph.MSE, Seed: 2,
	}
	out := t.TempDir()
	cfg := oneclass.Config{Data: &data.Split{Train: blobs(200, 1), Test: blobs(100, 2)}, Spec: spec, Scale: data.ScaleGCNL1,
		Methods: []string{oneclass.Recon, oneclass.SVDD}, Epochs: 20, SVDDEpochs: 20, Seed: 1, Out: out, Log: quietLog()}
	cfg.Spec.LearningRate = 1e-2
	cfg.SVDD.LearningRate = 1e-3
	res, err := oneclass.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 4 {
		t.Fatalf("%d results, want 2 classes × 2 methods", len(res))
	}
	for _, r := range res {
		if r.AUC < 0.9 {
			t.Errorf("class %s, %s: AUC %v", r.Class, r.Method, r.AUC)
		}
	}
	table, err := oneclass.ReadTable(filepath.Join(out, "oneclass.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(table) != 6 || table[4].Class != "mean" || table[5].Class != "mean" {
		t.Fatalf("table %+v: want 4 rows and 2 means", table)
	}
	if want := (res[0].AUC + res[2].AUC) / 2; abs(table[4].AUC-want) > 1e-4 {
		t.Errorf("mean %v, want %v", table[4].AUC, want)
	}
	for _, name := range []string{"class-a-recon.png", "class-b-svdd.png", "class-a.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	// the second run reads the results: the class files are not rewritten
	before, _ := os.Stat(filepath.Join(out, "class-a.json"))
	time.Sleep(10 * time.Millisecond)
	again, err := oneclass.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(filepath.Join(out, "class-a.json"))
	if !after.ModTime().Equal(before.ModTime()) || again[0] != res[0] {
		t.Errorf("the resumed run ran class a again: %v then %v", res[0], again[0])
	}
	// other settings run again
	cfg.Epochs = 2
	cfg.Classes = []string{"a"}
	if _, err := oneclass.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if after2, _ := os.Stat(filepath.Join(out, "class-a.json")); after2.ModTime().Equal(before.ModTime()) {
		t.Error("a run with other epochs reused the results")
	}
}

// TestRunErrors checks the one-line errors of bad settings.
func TestRunErrors(t *testing.T) {
	d := &data.Split{Train: blobs(10, 1), Test: blobs(10, 2)}
	conv, _ := nets.Named("conv")
	for _, tc := range []struct {
		cfg  oneclass.Config
		want string
	}{
		{oneclass.Config{Data: d, Methods: []string{"pca"}, Epochs: 1, Out: t.TempDir()}, "unknown method"},
		{oneclass.Config{Data: d, Methods: []string{"svdd"}, Epochs: 1, Classes: []string{"z"}, Out: t.TempDir()}, "not among the training labels"},
		{oneclass.Config{Data: &data.Split{Train: &data.Set{X: []float32{1}, Shape: []int{1}}, Test: blobs(2, 1)}, Methods: []string{"svdd"}, Epochs: 1, Out: t.TempDir()}, "no labels"},
		{oneclass.Config{Data: d, Spec: conv, Methods: []string{"svdd"}, Epochs: 1, Out: t.TempDir(), Log: quietLog()}, "svdd needs a code from a dense layer"},
	} {
		_, err := oneclass.Run(context.Background(), tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v, want one line with %q", err, tc.want)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

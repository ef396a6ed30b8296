package train_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/train"
	"gorgonia.org/gorgonia"
)

// withValue returns a copy of d's values with value v at row, column col.
func withValue(d train.Dataset, row, col int, v float32) []float32 {
	x := slices.Clone(d.X)
	x[row*d.Dim+col] = v
	return x
}

// TestBCETargetsOutsideUnit: a bce model refuses targets outside [0, 1],
// in memory before any step and streamed as the rows are read, naming the
// set and the row; nothing is trained or saved (issue 23, defect 3a).
func TestBCETargetsOutsideUnit(t *testing.T) {
	good := randomSet(64, 1)
	bad := train.Dataset{X: withValue(good, 37, 2, -2.1), Dim: 6}
	cases := []struct {
		name       string
		train, val train.Dataset
		want       string
	}{
		{"training", bad, good, "training set, row 37"},
		{"validation", good, bad, "validation set, row 37"},
		{"separate targets", train.Dataset{X: good.X, Y: bad.X, Dim: 6}, good, "training set, row 37"},
		{"above 1", train.Dataset{X: withValue(good, 5, 0, 3.4), Dim: 6}, good, "row 5"},
		{"streamed training", train.Dataset{Rows: &countingRows{x: bad.X, dim: 6, reads: make([]int, 64)}, Dim: 6}, good, "training set, row 37"},
		{"streamed validation", good, train.Dataset{Rows: &countingRows{x: bad.X, dim: 6, reads: make([]int, 64)}, Dim: 6}, "validation set, row 37"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			m := newTinyAE(1)
			before := weights(m.p)
			tr := newTrainer(t, m, 2, train.NewModelCheckpoint(dir))
			_, err := tr.Fit(context.Background(), c.train, &c.val)
			var re *train.TargetRangeError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "[0, 1]") {
				t.Fatalf("Fit = %v; want a *TargetRangeError naming %q and [0, 1]", err, c.want)
			}
			if re.Loss != "bce" {
				t.Errorf("the error names loss %q, want bce", re.Loss)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 0 {
				t.Errorf("a refused Fit wrote %v", ents)
			}
			if c.train.X != nil && c.val.X != nil && !slices.Equal(before, weights(m.p)) {
				t.Error("a Fit refused before training changed the weights")
			}
		})
	}
	tr := newTrainer(t, newTinyAE(1), 1)
	if _, err := tr.Evaluate(bad); err == nil || !strings.Contains(err.Error(), "row 37") {
		t.Errorf("Evaluate of bad targets = %v, want an error naming row 37", err)
	}
	if _, err := tr.TrainOnBatch(bad); err == nil || !strings.Contains(err.Error(), "row 37") {
		t.Errorf("TrainOnBatch of bad targets = %v, want an error naming row 37", err)
	}
}

// negativeAE is tinyAE whose loss is 1 - 2·bce: negative once the bce
// falls below 0.5, as a bce on targets outside [0, 1] can; it calls it
// a bce loss.
type negativeAE struct {
	*tinyAE
	name string
}

func (m negativeAE) LossName() string { return m.name }

func (m negativeAE) Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error) {
	l, err := m.tinyAE.Loss(g, x, y)
	if err != nil {
		return nil, err
	}
	if l, err = gorgonia.Mul(l, gorgonia.NewConstant(float32(-2))); err != nil {
		return nil, err
	}
	return gorgonia.Add(l, gorgonia.NewConstant(float32(1)))
}

// TestLossBelowFloor: a loss below the floor of its kind stops training
// with ErrBelowFloor before the step, and the checkpoints of the run stay
// as they were (issue 23, defect 3a).
func TestLossBelowFloor(t *testing.T) {
	ds := randomSet(64, 1)
	for _, name := range []string{"bce", "mse"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := newTrainer(t, newTinyAE(1), 1, train.NewModelCheckpoint(dir)).Fit(context.Background(), ds, &ds); err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, n := range []string{"last.safetensors", "best.safetensors"} {
				b, err := os.ReadFile(filepath.Join(dir, n))
				if err != nil {
					t.Fatal(err)
				}
				files[n] = b
			}
			m := negativeAE{newTinyAE(1), name}
			tr := newTrainer(t, m, 3, train.NewModelCheckpoint(dir))
			if err := tr.Restore(filepath.Join(dir, "last.safetensors")); err != nil {
				t.Fatal(err)
			}
			before := weights(m.p)
			_, err := tr.Fit(context.Background(), ds, &ds)
			if !errors.Is(err, train.ErrBelowFloor) || !strings.Contains(err.Error(), "epoch 2, batch 1") {
				t.Fatalf("Fit = %v; want ErrBelowFloor in epoch 2, batch 1", err)
			}
			if !slices.Equal(before, weights(m.p)) {
				t.Error("the step below the floor changed the weights")
			}
			for n, b := range files {
				if got, _ := os.ReadFile(filepath.Join(dir, n)); !bytes.Equal(got, b) {
					t.Errorf("%s changed", n)
				}
			}
			if _, err := tr.Evaluate(ds); !errors.Is(err, train.ErrBelowFloor) {
				t.Errorf("Evaluate = %v, want ErrBelowFloor", err)
			}
		})
	}
}

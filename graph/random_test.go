package graph

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestTrainingMode(t *testing.T) {
	g := New(NewParams(1))
	if g.Training() || g.Rand() != nil {
		t.Fatal("a new graph is a training graph")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	g.SetTraining(rng)
	if !g.Training() || g.Rand() != rng {
		t.Fatal("SetTraining did not make a training graph")
	}
	g.SetTraining(nil)
	if g.Training() {
		t.Fatal("SetTraining(nil) left a training graph")
	}
	var nilGraph *Graph
	if nilGraph.Training() || nilGraph.Rand() != nil {
		t.Fatal("a nil graph is training")
	}
}

// randomRuns builds a random node over a graph seeded with seed and returns
// its values on two consecutive runs.
func randomRuns(t *testing.T, seed uint64, f func(*Graph, string, ...int) (*gorgonia.Node, error)) (first, second []float32) {
	t.Helper()
	g := New(NewParams(1))
	g.SetTraining(rand.New(rand.NewPCG(seed, 0)))
	n, err := f(g, "noise", 200, 50)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(n.Shape(), []int{200, 50}) {
		t.Fatalf("shape %v", n.Shape())
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	var runs [][]float32
	for range 2 {
		m.Reset()
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		d, _, err := float32s(n.Value())
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, append([]float32(nil), d...))
	}
	return runs[0], runs[1]
}

// TestRandomNodes checks that the same seed gives the same values, that
// every run draws fresh ones, and the first two moments.
func TestRandomNodes(t *testing.T) {
	for _, tc := range []struct {
		name      string
		f         func(*Graph, string, ...int) (*gorgonia.Node, error)
		mean, std float64
		lo, hi    float32
	}{
		{"normal", RandomNormal, 0, 1, -10, 10},
		{"uniform", RandomUniform, 0.5, math.Sqrt(1.0 / 12), 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a1, a2 := randomRuns(t, 42, tc.f)
			b1, b2 := randomRuns(t, 42, tc.f)
			c1, _ := randomRuns(t, 43, tc.f)
			if !slices.Equal(a1, b1) || !slices.Equal(a2, b2) {
				t.Error("the same seed gave different values")
			}
			if slices.Equal(a1, a2) {
				t.Error("the second run repeated the first")
			}
			if slices.Equal(a1, c1) {
				t.Error("another seed gave the same values")
			}
			var s, q float64
			for _, v := range a1 {
				if v < tc.lo || v >= tc.hi {
					t.Fatalf("value %v outside [%v, %v)", v, tc.lo, tc.hi)
				}
				s += float64(v)
				q += float64(v) * float64(v)
			}
			n := float64(len(a1))
			mean := s / n
			std := math.Sqrt(q/n - mean*mean)
			// 10,000 draws: the mean is within 4 standard errors
			if math.Abs(mean-tc.mean) > 4*tc.std/100 || math.Abs(std-tc.std) > 0.05*tc.std {
				t.Errorf("mean %.4f, std %.4f; want %.4f, %.4f", mean, std, tc.mean, tc.std)
			}
		})
	}
}

func TestRandomNodeErrors(t *testing.T) {
	inference := New(NewParams(1))
	if _, err := RandomNormal(inference, "z", 2, 3); !errors.Is(err, ErrNotTraining) {
		t.Errorf("RandomNormal on an inference graph: %v, want ErrNotTraining", err)
	}
	if _, err := RandomUniform(inference, "z", 2, 3); !errors.Is(err, ErrNotTraining) {
		t.Errorf("RandomUniform on an inference graph: %v, want ErrNotTraining", err)
	}
	g := New(NewParams(1))
	g.SetTraining(rand.New(rand.NewPCG(1, 1)))
	for name, shape := range map[string][]int{"noShape": nil, "zero": {2, 0}, "negative": {-1}} {
		t.Run(name, func(t *testing.T) {
			if _, err := RandomNormal(g, "z", shape...); err == nil {
				t.Fatal("want an error")
			}
		})
	}
	// a random op whose graph lost its source fails when it runs
	n, err := RandomNormal(g, "z", 3)
	if err != nil {
		t.Fatal(err)
	}
	g.SetTraining(nil)
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	if err := m.RunAll(); err == nil {
		t.Fatalf("ran without a random source: %v", n.Value())
	}
}

// TestRandomNodesDistinct checks that two random nodes of the same shape
// and name are two nodes drawing different values, not one merged node.
func TestRandomNodesDistinct(t *testing.T) {
	g := New(NewParams(1))
	g.SetTraining(rand.New(rand.NewPCG(1, 1)))
	a, err := RandomNormal(g, "eps", 4)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RandomNormal(g, "eps", 4)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two random nodes were merged")
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	da, _, _ := float32s(a.Value())
	db, _, _ := float32s(b.Value())
	if slices.Equal(da, db) {
		t.Fatal("two random nodes drew the same values")
	}
}

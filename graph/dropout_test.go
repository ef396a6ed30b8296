package graph

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

// dropoutRun builds Dropout(rate) on a (rows, 50) input of ones over a
// graph trained with the given seed (inference if seed is 0), runs it
// twice and returns both outputs and the gradients of Σ w·y for the
// second run.
func dropoutRun(t *testing.T, rate float64, seed uint64, rows int) (y1, y2, dx []float32, same bool) {
	t.Helper()
	p := NewParams(1)
	g := New(p)
	if seed != 0 {
		g.SetTraining(rand.New(rand.NewPCG(seed, 0)))
	}
	x, err := g.Param("x", []int{rows, 50}, Ones)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDropout("drop", rate)
	if err != nil {
		t.Fatal(err)
	}
	y, err := d.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	loss, err := weightedSum(g, y)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := gorgonia.Grad(loss, x)
	if err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	var ys [][]float32
	for range 2 {
		m.Reset()
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		v, _, _ := float32s(y.Value())
		ys = append(ys, slices.Clone(v))
	}
	gv, _, _ := float32s(grads[0].Value())
	return ys[0], ys[1], slices.Clone(gv), y == x
}

func TestDropout(t *testing.T) {
	t.Run("inferenceIsIdentity", func(t *testing.T) {
		y1, _, dx, same := dropoutRun(t, 0.5, 0, 4)
		if !same {
			t.Fatal("Dropout added an op to an inference graph")
		}
		for i, v := range y1 {
			if v != 1 || dx[i] != float32(math.Sin(float64(i)*0.7)+0.1) {
				t.Fatalf("inference: y[%d] = %v, dx = %v", i, v, dx[i])
			}
		}
	})
	t.Run("rateZeroIsIdentity", func(t *testing.T) {
		y1, _, _, same := dropoutRun(t, 0, 1, 4)
		if !same || slices.ContainsFunc(y1, func(v float32) bool { return v != 1 }) {
			t.Fatal("rate 0 changed the input")
		}
	})
	t.Run("training", func(t *testing.T) {
		const rate = 0.3
		a1, a2, dx, _ := dropoutRun(t, rate, 7, 200)
		b1, b2, _, _ := dropoutRun(t, rate, 7, 200)
		c1, _, _, _ := dropoutRun(t, rate, 8, 200)
		if !slices.Equal(a1, b1) || !slices.Equal(a2, b2) {
			t.Fatal("the same seed gave different masks")
		}
		if slices.Equal(a1, a2) || slices.Equal(a1, c1) {
			t.Fatal("masks repeat across runs or seeds")
		}
		scale := float32(1 / (1 - rate))
		dropped := 0
		for i, v := range a2 {
			switch v {
			case 0:
				dropped++
			case scale:
			default:
				t.Fatalf("y[%d] = %v, want 0 or %v", i, v, scale)
			}
			// the gradient uses the mask of the same run: w·y/x with x = 1
			if want := float32(math.Sin(float64(i)*0.7)+0.1) * v; math.Abs(float64(dx[i]-want)) > 1e-6 {
				t.Fatalf("dx[%d] = %v, want %v", i, dx[i], want)
			}
		}
		// 10,000 values: the dropped fraction is within 4 standard errors
		if f := float64(dropped) / float64(len(a2)); math.Abs(f-rate) > 4*math.Sqrt(rate*(1-rate)/1e4) {
			t.Fatalf("dropped %.4f, want %.2f", f, rate)
		}
	})
}

// TestDropoutGradient checks the gradient by finite differences, reseeding
// the graph before every run so that every run draws the same mask.
func TestDropoutGradient(t *testing.T) {
	gradCheckWith(t, map[string][]int{"x": {3, 7}},
		func(g *Graph) { g.SetTraining(rand.New(rand.NewPCG(1, 1))) },
		func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
			d, err := NewDropout("d", 0.4)
			if err != nil {
				return nil, err
			}
			y, err := d.Fwd(p["x"])
			if err != nil {
				return nil, err
			}
			return weightedSum(g, y)
		},
		func(g *Graph) { g.SetTraining(rand.New(rand.NewPCG(3, 3))) })
}

func TestNewDropoutErrors(t *testing.T) {
	for _, rate := range []float64{-0.1, 1, 1.5, math.NaN(), math.Inf(1)} {
		if _, err := NewDropout("d", rate); err == nil {
			t.Errorf("rate %v accepted", rate)
		}
	}
	d, err := NewDropout("d", 0.25)
	if err != nil || d.Kind() != "Dropout" || d.Name() != "d" || d.Learnables() != nil {
		t.Fatalf("NewDropout: %+v, %v", d, err)
	}
}

// TestDropoutForeignGraph checks that Dropout on a node of a Gorgonia graph
// that New did not make is the identity, as in an inference graph.
func TestDropoutForeignGraph(t *testing.T) {
	eg := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(eg, gorgonia.Float32, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
	d, _ := NewDropout("d", 0.5)
	if y, err := d.Fwd(x); err != nil || y != x {
		t.Fatalf("Dropout on a foreign graph: %v, %v", y, err)
	}
}

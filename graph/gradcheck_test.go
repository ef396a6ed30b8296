package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
)

// gradCheck builds a scalar loss with build over a fresh graph whose inputs
// are the parameters named in shapes (filled with random values), and compares
// the symbolic gradient of every parameter against central finite differences
// computed in float64 around float32 values.
func gradCheck(t *testing.T, shapes map[string][]int, build func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error)) {
	t.Helper()
	gradCheckWith(t, shapes, nil, build, nil)
}

// gradCheckWith is gradCheck with hooks: setup runs on the new graph before
// anything is built (to make it a training graph), and beforeRun before
// every run (to reseed its random source, so that every run draws the same
// noise).
func gradCheckWith(t *testing.T, shapes map[string][]int, setup func(g *Graph), build func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error), beforeRun func(g *Graph)) {
	t.Helper()
	params := NewParams(7)
	g := New(params)
	if setup != nil {
		setup(g)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	nodes := map[string]*gorgonia.Node{}
	for _, name := range sortedKeys(shapes) {
		n, err := g.Param(name, shapes[name], func(_ *rand.Rand, _ []int, d []float32) {
			for i := range d {
				d[i] = float32(rng.Float64()*2 - 1)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		nodes[name] = n
	}
	loss, err := build(g, nodes)
	if err != nil {
		t.Fatal(err)
	}
	wrt, grads, run := gradRun(t, g, loss, beforeRun)
	run()
	analytic := make([][]float32, len(wrt))
	for i, gn := range grads {
		d, _, err := float32s(gn.Value())
		if err != nil {
			t.Fatal(err)
		}
		analytic[i] = append([]float32(nil), d...)
	}
	const h = 1e-3
	for i, n := range wrt {
		data := params.Data(n.Name())
		for j := range data {
			old := data[j]
			data[j] = old + h
			up := run()
			data[j] = old - h
			down := run()
			data[j] = old
			num := (up - down) / (2 * h)
			got := float64(analytic[i][j])
			if math.Abs(num-got) > 2e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s[%d]: symbolic gradient %.5f, finite difference %.5f", n.Name(), j, got, num)
			}
		}
	}
}

// gradRun adds to g the gradients of loss with respect to every learnable
// and returns the learnables, their gradients, and a function that runs
// the graph (after beforeRun, if not nil) and returns the loss. The
// machine closes when the test ends.
func gradRun(t *testing.T, g *Graph, loss *gorgonia.Node, beforeRun func(g *Graph)) (wrt, grads gorgonia.Nodes, run func() float64) {
	t.Helper()
	wrt = g.Learnables()
	grads, err := gorgonia.Grad(loss, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	t.Cleanup(func() { m.Close() })
	run = func() float64 {
		if beforeRun != nil {
			beforeRun(g)
		}
		m.Reset()
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		return scalarValue(t, loss.Value())
	}
	return wrt, grads, run
}

func scalarValue(t *testing.T, v gorgonia.Value) float64 {
	t.Helper()
	d, _, err := float32s(v)
	if err != nil || len(d) != 1 {
		t.Fatalf("loss value %v: %v", v, err)
	}
	return float64(d[0])
}

func sortedKeys(m map[string][]int) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

// weightedSum turns a tensor into a scalar with fixed non-uniform weights, so
// that every element's gradient is distinct.
func weightedSum(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
	n := x.Shape().TotalSize()
	w := make([]float32, n)
	for i := range w {
		w[i] = float32(math.Sin(float64(i)*0.7) + 0.1)
	}
	c := gorgonia.NewTensor(g.ExprGraph, gorgonia.Float32, x.Dims(), gorgonia.WithShape(x.Shape()...), gorgonia.WithName("fixedweights"), gorgonia.WithValue(tensorOf(x.Shape(), w)))
	p, err := gorgonia.HadamardProd(x, c)
	if err != nil {
		return nil, err
	}
	return gorgonia.Sum(p)
}

type randT = rand.Rand

// runForward runs g once and returns a copy of n's value.
func runForward(t *testing.T, g *Graph, n *gorgonia.Node) []float32 {
	t.Helper()
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	d, _, err := float32s(n.Value())
	if err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), d...)
}

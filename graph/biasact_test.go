package graph

import (
	"fmt"
	"math"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestBiasActivationGradient checks the fused bias and activation, and the
// bare activations, against finite differences on dense and conv shapes.
func TestBiasActivationGradient(t *testing.T) {
	for _, act := range []Activation{Linear, ReLU, Sigmoid} {
		for _, tc := range []struct {
			name string
			x    []int
		}{
			{"dense", []int{3, 4}},
			{"conv", []int{2, 3, 2, 2}},
		} {
			t.Run(fmt.Sprintf("%s/%v", tc.name, act), func(t *testing.T) {
				gradCheck(t, map[string][]int{"x": tc.x, "b": {tc.x[1]}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					y, err := BiasActivation(p["x"], p["b"], act)
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				})
			})
			t.Run(fmt.Sprintf("apply/%s/%v", tc.name, act), func(t *testing.T) {
				gradCheck(t, map[string][]int{"x": tc.x}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					y, err := act.Apply(p["x"])
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				})
			})
		}
	}
}

// TestBiasActivationValues checks the forward pass against hand-computed
// values: per-unit bias on a matrix, per-channel bias on images.
func TestBiasActivationValues(t *testing.T) {
	for _, tc := range []struct {
		act   Activation
		shape []int
		x, b  []float32
		want  []float64
	}{
		{ReLU, []int{2, 3}, []float32{1, -2, 3, -4, 5, -6}, []float32{0.5, 1, -4}, []float64{1.5, 0, 0, 0, 6, 0}},
		{Linear, []int{1, 2, 1, 2}, []float32{1, 2, 3, 4}, []float32{10, -10}, []float64{11, 12, -7, -6}},
		{Sigmoid, []int{1, 2}, []float32{0, 1}, []float32{0, 1}, []float64{0.5, 1 / (1 + math.Exp(-2))}},
	} {
		g := New(NewParams(1))
		x := g.Input("x", tc.shape...)
		b := g.Input("b", len(tc.b))
		copy(x.Value().Data().([]float32), tc.x)
		copy(b.Value().Data().([]float32), tc.b)
		y, err := BiasActivation(x, b, tc.act)
		if err != nil {
			t.Fatal(err)
		}
		got := runForward(t, g, y)
		for i, w := range tc.want {
			if math.Abs(float64(got[i])-w) > 1e-6 {
				t.Fatalf("%v: y[%d] = %v, want %v", tc.act, i, got[i], w)
			}
		}
	}
	g := New(NewParams(1))
	if _, err := BiasActivation(g.Input("x", 2, 3), g.Input("b", 2), ReLU); err == nil {
		t.Fatal("a bias of the wrong size was accepted")
	}
}

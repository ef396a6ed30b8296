package graph

import (
	"math"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestLossGradients(t *testing.T) {
	target := func(g *Graph, shape ...int) *gorgonia.Node {
		y := g.Input("y", shape...)
		d := y.Value().Data().([]float32)
		for i := range d {
			d[i] = float32(i%5) / 4
		}
		return y
	}
	for _, tc := range []struct {
		name string
		f    func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error)
	}{
		{"bce", func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return BinaryCrossEntropyWithLogits(x, target(g, 3, 4))
		}},
		{"mse", func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return MeanSquaredError(x, target(g, 3, 4))
		}},
		{"l1", func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) { return L1Activity(x, 0.3) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": {3, 4}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				return tc.f(g, p["x"])
			})
		})
	}
}

// TestLossValues compares each loss with values computed by hand.
func TestLossValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y []float32
		f    func(x, y *gorgonia.Node) (*gorgonia.Node, error)
		want float64
	}{
		// BCE: mean of -[y log σ(z) + (1-y) log(1-σ(z))]
		{"bce", []float32{0, 2, -3, 40}, []float32{1, 0, 0.5, 1},
			BinaryCrossEntropyWithLogits,
			(math.Log(2) + (2 + math.Log1p(math.Exp(-2))) + (1.5 + math.Log1p(math.Exp(-3))) + math.Log1p(math.Exp(-40))) / 4},
		// a large logit must not overflow: -100 against target 1 costs 100
		{"bceStable", []float32{-100, 100}, []float32{1, 0}, BinaryCrossEntropyWithLogits, 100},
		{"mse", []float32{1, 2, 3, 4}, []float32{0, 2, 5, 4}, MeanSquaredError, (1 + 0 + 4 + 0) / 4.0},
		{"l1", []float32{1, -2, 3, -4}, nil, func(x, _ *gorgonia.Node) (*gorgonia.Node, error) {
			return L1Activity(x, 0.5)
		}, 0.5 * 10 / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := New(NewParams(1))
			x := g.Input("x", 2, len(tc.x)/2)
			copy(x.Value().Data().([]float32), tc.x)
			y := g.Input("y", 2, len(tc.x)/2)
			copy(y.Value().Data().([]float32), tc.y)
			l, err := tc.f(x, y)
			if err != nil {
				t.Fatal(err)
			}
			got := runForward(t, g, l)[0]
			if math.Abs(float64(got)-tc.want) > 1e-5*math.Max(1, tc.want) {
				t.Fatalf("loss = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLossShapeMismatch(t *testing.T) {
	g := New(NewParams(1))
	if _, err := MeanSquaredError(g.Input("a", 2, 3), g.Input("b", 3, 2)); err == nil {
		t.Fatal("want an error for shapes (2, 3) and (3, 2)")
	}
}

package graph

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestNoBiasLayersGrad checks the gradients of the input and the weights
// through bias-free dense and conv layers, and through a batch norm
// without affine map followed by leaky relu (Deep SVDD's LeNet blocks),
// against finite differences, in training and inference graphs.
func TestNoBiasLayersGrad(t *testing.T) {
	cases := []struct {
		name  string
		x     []int
		build func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error)
	}{
		{"dense", []int{3, 5}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			d, err := NewDenseNoBias(g, "d", 5, 4, LeakyReLU01)
			if err != nil {
				return nil, err
			}
			return d.Fwd(x)
		}},
		{"conv", []int{2, 2, 5, 5}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			c, err := NewConv2DNoBias(g, "c", 2, 3, 3, 1, Same, Linear)
			if err != nil {
				return nil, err
			}
			return c.Fwd(x)
		}},
		{"conv+bn", []int{3, 1, 4, 4}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			c, err := NewConv2DNoBias(g, "c", 1, 2, 3, 1, Same, Linear)
			if err != nil {
				return nil, err
			}
			y, err := c.Fwd(x)
			if err != nil {
				return nil, err
			}
			b, err := NewBatchNormNoAffine(g, "bn", 2)
			if err != nil {
				return nil, err
			}
			b.Act, b.Epsilon = LeakyReLU01, 1e-4
			return b.Fwd(y)
		}},
	}
	for _, tc := range cases {
		for _, training := range []bool{false, true} {
			t.Run(tc.name, func(t *testing.T) {
				var setup func(g *Graph)
				if training {
					setup = func(g *Graph) { g.SetTraining(rand.New(rand.NewPCG(1, 1))) }
				}
				gradCheckWith(t, map[string][]int{"x": tc.x}, setup, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					y, err := tc.build(g, p["x"])
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				}, nil)
			})
		}
	}
}

// TestNoBiasParams checks that bias-free layers and a batch norm without
// affine map create no bias, gamma or beta: not in the store, not among
// the learnables.
func TestNoBiasParams(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	if _, err := NewDenseNoBias(g, "d", 4, 3, ReLU); err != nil {
		t.Fatal(err)
	}
	if _, err := NewConv2DNoBias(g, "c", 1, 2, 3, 1, Same, ReLU); err != nil {
		t.Fatal(err)
	}
	b, err := NewBatchNormNoAffine(g, "bn", 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Names(), []string{"d/w", "c/w", "bn/moving_mean", "bn/moving_var"}; !slices.Equal(got, want) {
		t.Errorf("store holds %v, want %v", got, want)
	}
	if n := len(g.Learnables()); n != 2 {
		t.Errorf("%d learnables, want the two kernels", n)
	}
	if len(b.Learnables()) != 0 {
		t.Errorf("a batch norm without affine map has learnables %v", b.Learnables())
	}
}

// TestLeakyReLU01 checks the PyTorch-slope leaky relu by value.
func TestLeakyReLU01(t *testing.T) {
	a, err := ParseActivation("leaky_relu_0.01")
	if err != nil || a != LeakyReLU01 {
		t.Fatalf("ParseActivation: %v, %v", a, err)
	}
	g := New(NewParams(1))
	x := g.Input("x", 1, 4)
	copy(x.Value().Data().([]float32), []float32{-2, -0.5, 0, 3})
	y, err := a.Apply(x)
	if err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	want := []float32{-0.02, -0.005, 0, 3}
	for i, v := range y.Value().Data().([]float32) {
		if d := v - want[i]; d > 1e-7 || d < -1e-7 {
			t.Errorf("leaky_relu_0.01(%v) = %v, want %v", x.Value().Data().([]float32)[i], v, want[i])
		}
	}
}

package graph

import (
	"gorgonia.org/tensor"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestDenseGradient(t *testing.T) {
	for _, act := range []Activation{Linear, ReLU, Sigmoid} {
		t.Run(act.String(), func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": {3, 5}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				d, err := NewDense(g, "dense", 5, 4, act)
				if err != nil {
					return nil, err
				}
				// give the bias non-zero values so relu's kinks move
				for i := range g.Params().Data("dense/b") {
					g.Params().Data("dense/b")[i] = 0.1 * float32(i)
				}
				y, err := d.Fwd(p["x"])
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

func TestConv2DLayerGradient(t *testing.T) {
	gradCheck(t, map[string][]int{"x": {2, 2, 4, 4}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
		c, err := NewConv2D(g, "conv", 2, 3, 3, Same, Sigmoid)
		if err != nil {
			return nil, err
		}
		y, err := c.Fwd(p["x"])
		if err != nil {
			return nil, err
		}
		return weightedSum(g, y)
	})
}

func TestLayerErrors(t *testing.T) {
	g := New(NewParams(1))
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"denseNegative", func() error { _, err := NewDense(g, "d", -3, 2, ReLU); return err }},
		{"convZero", func() error { _, err := NewConv2D(g, "c", 1, 0, 3, Same, ReLU); return err }},
		{"denseWrongInput", func() error {
			d, err := NewDense(g, "d2", 4, 2, ReLU)
			if err != nil {
				return nil
			}
			_, err = d.Fwd(g.Input("x", 2, 5))
			return err
		}},
		{"paramShapeClash", func() error {
			if _, err := NewDense(g, "same", 4, 2, ReLU); err != nil {
				return nil
			}
			_, err := NewDense(New(g.Params()), "same", 4, 3, ReLU)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f() == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func TestGlorotUniformRange(t *testing.T) {
	p := NewParams(3)
	g := New(p)
	if _, err := NewDense(g, "d", 784, 32, ReLU); err != nil {
		t.Fatal(err)
	}
	limit := float32(0.08601) // sqrt(6/816)
	var maxAbs float32
	for _, v := range p.Data("d/w") {
		maxAbs = max(maxAbs, v, -v)
	}
	if maxAbs > limit || maxAbs < 0.9*limit {
		t.Fatalf("max |w| = %v, want just under %v", maxAbs, limit)
	}
	for _, v := range p.Data("d/b") {
		if v != 0 {
			t.Fatal("bias not zero")
		}
	}
}

func TestMatMulGradient(t *testing.T) {
	gradCheck(t, map[string][]int{"a": {3, 5}, "b": {5, 4}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
		y, err := MatMul(p["a"], p["b"])
		if err != nil {
			return nil, err
		}
		return weightedSum(g, y)
	})
}

func TestNewInput(t *testing.T) {
	g := New(NewParams(1))
	x := NewInput(g, "x", 3, 4)
	if !g.IsInput(x) || !x.Shape().Eq(tensor.Shape{3, 4}) || x.Name() != "x" {
		t.Fatalf("NewInput gave %v %v, input %v", x.Name(), x.Shape(), g.IsInput(x))
	}
}

package graph

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestFlatten(t *testing.T) {
	g := New(NewParams(1))
	x := g.Input("x", 2, 3, 2, 2)
	xv := fill(rand.New(rand.NewPCG(1, 1)), 24)
	copy(x.Value().Data().([]float32), xv)
	f := NewFlatten("flat")
	if f.Kind() != "Flatten" || f.Name() != "flat" || f.Learnables() != nil {
		t.Fatalf("%+v", f)
	}
	y, err := f.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y.Shape(), []int{2, 12}) {
		t.Fatalf("shape %v", y.Shape())
	}
	// row-major order: sample i's values are its (c, h, w) values in order
	if got := runForward(t, g, y); !slices.Equal(got, xv) {
		t.Fatalf("values %v, want %v", got, xv)
	}
	m := g.Input("m", 2, 5)
	if y, err := f.Fwd(m); err != nil || y != m {
		t.Fatalf("Flatten of a matrix: %v, %v", y, err)
	}
	if _, err := f.Fwd(g.Input("v", 5)); err == nil {
		t.Fatal("flattened a vector")
	}
}

func TestReshape(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     []int
		target []int
		want   []int
	}{
		{"toImage", []int{2, 12}, []int{3, 2, 2}, []int{2, 3, 2, 2}},
		{"inferred", []int{2, 12}, []int{-1, 2, 2}, []int{2, 3, 2, 2}},
		{"flatten", []int{2, 3, 2, 2}, []int{12}, []int{2, 12}},
		{"flattenInferred", []int{2, 3, 2, 2}, []int{-1}, []int{2, 12}},
		{"imageToImage", []int{3, 1, 4, 4}, []int{4, 2, 2}, []int{3, 4, 2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := New(NewParams(1))
			x := g.Input("x", tc.in...)
			xv := fill(rand.New(rand.NewPCG(1, 1)), Size(tc.in))
			copy(x.Value().Data().([]float32), xv)
			r, err := NewReshape("r", tc.target)
			if err != nil {
				t.Fatal(err)
			}
			y, err := r.Fwd(x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(y.Shape(), tc.want) {
				t.Fatalf("shape %v, want %v", y.Shape(), tc.want)
			}
			if got := runForward(t, g, y); !slices.Equal(got, xv) {
				t.Fatal("values changed")
			}
		})
	}
	r, _ := NewReshape("r", []int{5, 2})
	if r.Kind() != "Reshape" || r.Name() != "r" || r.Learnables() != nil {
		t.Fatalf("%+v", r)
	}
	g := New(NewParams(1))
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"empty", func() error { _, err := NewReshape("r", nil); return err }},
		{"zero", func() error { _, err := NewReshape("r", []int{0, 3}); return err }},
		{"twoFree", func() error { _, err := NewReshape("r", []int{-1, -1}); return err }},
		{"minusTwo", func() error { _, err := NewReshape("r", []int{-2, 3}); return err }},
		{"sizeMismatch", func() error { _, err := r.Fwd(g.Input("x", 2, 12)); return err }},
		{"freeMismatch", func() error {
			r, _ := NewReshape("r", []int{-1, 5})
			_, err := r.Fwd(g.Input("x2", 2, 12))
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

func TestFlattenReshapeGradient(t *testing.T) {
	gradCheck(t, map[string][]int{"x": {2, 2, 2, 3}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
		y, err := NewFlatten("f").Fwd(p["x"])
		if err != nil {
			return nil, err
		}
		d, err := NewDense(g, "d", 12, 6, Tanh)
		if err != nil {
			return nil, err
		}
		if y, err = d.Fwd(y); err != nil {
			return nil, err
		}
		r, err := NewReshape("r", []int{1, 2, 3})
		if err != nil {
			return nil, err
		}
		if y, err = r.Fwd(y); err != nil {
			return nil, err
		}
		return weightedSum(g, y)
	})
}

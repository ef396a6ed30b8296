package graph

import (
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestMaxPool2DGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []int
		pad  Padding
	}{
		{"even", []int{2, 2, 4, 4}, Valid},
		{"oddSame", []int{1, 2, 5, 3}, Same},
		{"oddValid", []int{1, 1, 5, 5}, Valid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				y, err := MaxPool2DOp(p["x"], 2, 2, tc.pad)
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestMaxPool2DSameOdd guards Keras 'same' pooling on odd sizes: 3x3 pools to
// 2x2, the extra cell padding the bottom and right.
func TestMaxPool2DSameOdd(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pad   Padding
		shape []int
		want  []float32
	}{
		{"same", Same, []int{1, 1, 2, 2}, []float32{5, 6, 8, 9}},
		{"valid", Valid, []int{1, 1, 1, 1}, []float32{5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := New(NewParams(1))
			x := g.Input("x", 1, 1, 3, 3)
			copy(x.Value().Data().([]float32), []float32{1, 2, 3, 4, 5, 6, 7, 8, 9})
			y, err := MaxPool2DOp(x, 2, 2, tc.pad)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal([]int(y.Shape()), tc.shape) {
				t.Fatalf("shape %v, want %v", y.Shape(), tc.shape)
			}
			if got := runForward(t, g, y); !slices.Equal(got, tc.want) {
				t.Fatalf("pool = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMaxPool2DErrors(t *testing.T) {
	g := New(NewParams(1))
	if _, err := MaxPool2DOp(g.Input("x", 1, 1, 1, 1), 2, 2, Valid); err == nil {
		t.Error("valid pooling of 1x1 by 2x2: want error")
	}
	if _, err := MaxPool2DOp(g.Input("y", 4, 4), 2, 2, Same); err == nil {
		t.Error("pooling a matrix: want error")
	}
}

func TestUpsample2D(t *testing.T) {
	g := New(NewParams(1))
	x := g.Input("x", 1, 1, 2, 2)
	copy(x.Value().Data().([]float32), []float32{1, 2, 3, 4})
	y, err := Upsample2DOp(x, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}
	if got := runForward(t, g, y); !slices.Equal(got, want) {
		t.Fatalf("upsample = %v, want %v", got, want)
	}
}

func TestUpsample2DGradient(t *testing.T) {
	gradCheck(t, map[string][]int{"x": {2, 2, 2, 3}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
		y, err := Upsample2DOp(p["x"], 2, 3)
		if err != nil {
			return nil, err
		}
		return weightedSum(g, y)
	})
}

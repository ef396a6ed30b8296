package graph

import (
	"testing"

	"gorgonia.org/gorgonia"
)

func TestConv2DGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, w []int
		pad  Padding
	}{
		{"same3x3", []int{2, 2, 5, 4}, []int{3, 2, 3, 3}, Same},
		{"valid3x3", []int{2, 2, 5, 4}, []int{2, 2, 3, 3}, Valid},
		{"same2x2", []int{1, 1, 4, 4}, []int{2, 1, 2, 2}, Same},
		{"oneChannel", []int{3, 1, 3, 3}, []int{1, 1, 3, 3}, Same},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x, "w": tc.w}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				y, err := Conv2DOp(p["x"], p["w"], tc.pad)
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestConv2DValues checks the forward pass against a hand-computed
// cross-correlation with 'same' zero padding.
func TestConv2DValues(t *testing.T) {
	g := New(NewParams(1))
	x := g.Input("x", 1, 1, 3, 3)
	copy(x.Value().Data().([]float32), []float32{1, 2, 3, 4, 5, 6, 7, 8, 9})
	w, _ := g.Param("w", []int{1, 1, 3, 3}, func(_ *randT, _ []int, d []float32) {
		copy(d, []float32{0, 0, 0, 0, 0, 1, 0, 0, 0}) // picks the right neighbour
	})
	y, err := Conv2DOp(x, w, Same)
	if err != nil {
		t.Fatal(err)
	}
	got := runForward(t, g, y)
	want := []float32{2, 3, 0, 5, 6, 0, 8, 9, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("conv = %v, want %v", got, want)
		}
	}
}

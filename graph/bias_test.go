package graph

import (
	"testing"

	"gorgonia.org/gorgonia"
)

func TestAddBiasGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []int
	}{
		{"dense", []int{3, 4}},
		{"conv", []int{2, 3, 2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x, "b": {tc.x[1]}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				y, err := AddBias(p["x"], p["b"])
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

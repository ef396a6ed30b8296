package graph

import (
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestConvUpGradient checks the fused upsampling and convolution that
// Forward makes of an Upsample2D followed by a Conv2D against finite
// differences, with 'same' and 'valid' padding, and that Forward did fuse
// them.
func TestConvUpGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []int
		pad  Padding
		act  Activation
	}{
		{"same", []int{2, 2, 3, 2}, Same, ReLU},
		{"valid", []int{1, 3, 3, 3}, Valid, Sigmoid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				conv, err := NewConv2D(g, "c", tc.x[1], 2, 3, tc.pad, tc.act)
				if err != nil {
					return nil, err
				}
				copy(conv.B.Value().Data().([]float32), []float32{0.1, -0.3})
				y, err := Forward(p["x"], NewUpsample2D("u", 2), conv)
				if err != nil {
					return nil, err
				}
				if !strings.Contains(y.Op().String(), "up=2") {
					t.Errorf("Forward made %v, want the fused op", y.Op())
				}
				return weightedSum(g, y)
			})
		})
	}
}

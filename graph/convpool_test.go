package graph

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestConvPoolGradient checks the fused convolution and pooling that
// Forward makes of a Conv2D followed by a MaxPool2D against finite
// differences, for relu and linear, at stride 1 and 2, and that Forward
// did fuse them. The input is a parameter here, so its gradient comes
// from the pooled gradient too (Conv2DPoolGradInput).
func TestConvPoolGradient(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x      []int
		stride int
		act    Activation
	}{
		{"relu", []int{2, 2, 4, 6}, 1, ReLU},
		{"linear", []int{1, 3, 4, 4}, 1, Linear},
		{"stride2", []int{2, 1, 8, 8}, 2, ReLU},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				conv, err := NewConv2DStride(g, "c", tc.x[1], 3, 3, tc.stride, Same, tc.act)
				if err != nil {
					return nil, err
				}
				// a bias that leaves some windows all negative
				copy(conv.B.Value().Data().([]float32), []float32{0.1, -0.4, -2})
				y, err := Forward(p["x"], conv, NewMaxPool2D("p", 2, Valid))
				if err != nil {
					return nil, err
				}
				if !strings.HasPrefix(y.Op().String(), "Conv2DPool") {
					t.Errorf("Forward made %v, want the fused op", y.Op())
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestConvPoolInputGradient checks the kernel and bias gradients of the
// fused convolution and pooling applied to a data input, which take the
// pooled gradient straight to the kernel's (Conv2DPoolGradKernel), against
// finite differences, for relu and linear.
func TestConvPoolInputGradient(t *testing.T) {
	for _, act := range []Activation{ReLU, Linear} {
		t.Run(act.String(), func(t *testing.T) {
			gradCheck(t, map[string][]int{}, func(g *Graph, _ map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				x := g.Input("x", 2, 2, 6, 4)
				for i, d := 0, x.Value().Data().([]float32); i < len(d); i++ {
					d[i] = float32(math.Sin(float64(i)*0.37)) + 0.2
				}
				conv, err := NewConv2D(g, "c", 2, 3, 3, Same, act)
				if err != nil {
					return nil, err
				}
				// a bias that leaves some windows all negative
				copy(conv.B.Value().Data().([]float32), []float32{0.1, -0.4, -3})
				y, err := Forward(x, conv, NewMaxPool2D("p", 2, Valid))
				if err != nil {
					return nil, err
				}
				if !strings.HasPrefix(y.Op().String(), "Conv2DPool") {
					t.Errorf("Forward made %v, want the fused op", y.Op())
				}
				return weightedSum(g, y)
			})
		})
	}
}

package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// L1Activity returns Keras's L1 activity penalty on a layer output x of
// shape (batch, ...): lambda · Σ|x| / batch, that is lambda times the mean
// over the batch of each sample's Σ|x|. Add it to the loss.
func L1Activity(x *gorgonia.Node, lambda float64) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() < 1 || xs[0] <= 0 {
		return nil, fmt.Errorf("graph: L1Activity: input %v has no batch axis", xs)
	}
	if lambda < 0 {
		return nil, fmt.Errorf("graph: L1Activity: lambda %g must not be negative", lambda)
	}
	scale := float32(lambda / float64(xs[0]))
	op := &kernelOp{
		desc:    fmt.Sprintf("L1Activity%v,%g", xs, lambda),
		inDims:  []int{xs.Dims()},
		outDims: 0,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return nil, nil },
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			var sum float64
			for _, v := range in[0] {
				if v < 0 {
					v = -v
				}
				sum += float64(v)
			}
			out[0] = float32(sum) * scale
		},
		diffWRT: []bool{true},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gop := &kernelOp{
			desc:    fmt.Sprintf("L1ActivityGrad%v,%g", xs, lambda),
			inDims:  []int{xs.Dims(), 0},
			outDims: xs.Dims(),
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				s := in[1][0] * scale
				for i, v := range in[0] {
					switch {
					case v > 0:
						dx[i] = s
					case v < 0:
						dx[i] = -s
					}
				}
			},
		}
		dx, err := gorgonia.ApplyOp(gop, inputs[0], grad)
		return gorgonia.Nodes{dx}, err
	}
	return gorgonia.ApplyOp(op, x)
}

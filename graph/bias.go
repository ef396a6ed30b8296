package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// AddBias adds b[c] to every element of channel c of x, where the channel is
// axis 1: a Dense pre-activation (batch, units) or a convolution output
// (batch, channels, h, w). b has one value per channel and never depends on
// the batch size.
func AddBias(x, b *gorgonia.Node) (*gorgonia.Node, error) {
	xs, bs := x.Shape(), b.Shape()
	if xs.Dims() < 2 || bs.Dims() != 1 || bs[0] != xs[1] {
		return nil, fmt.Errorf("graph: AddBias: input %v and bias %v: want bias of shape (%d)", xs, bs, dimOr(xs, 1))
	}
	op := &kernelOp{
		desc:    fmt.Sprintf("AddBias%v", xs),
		inDims:  []int{xs.Dims(), 1},
		outDims: xs.Dims(),
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		fwd: func(out []float32, in [][]float32, s []tensor.Shape) {
			x, b := in[0], in[1]
			ch, inner := s[0][1], s[0].TotalSize()/(s[0][0]*s[0][1])
			if inner == 1 { // (batch, units): add b to every row
				for i := 0; i < len(x); i += ch {
					o, xi := out[i:i+ch], x[i:i+ch]
					for j, v := range b {
						o[j] = xi[j] + v
					}
				}
				return
			}
			for i := 0; i < len(x); i += inner {
				v := b[(i/inner)%ch]
				o, xi := out[i:i+inner], x[i:i+inner]
				for j := range o {
					o[j] = xi[j] + v
				}
			}
		},
		diffWRT: []bool{true, true},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		db, err := gorgonia.ApplyOp(biasGradOp(inputs[0].Shape()), grad)
		if err != nil {
			return nil, err
		}
		return gorgonia.Nodes{grad, db}, nil
	}
	return gorgonia.ApplyOp(op, x, b)
}

// biasGradOp sums the gradient over every axis but the channel axis.
func biasGradOp(xs tensor.Shape) *kernelOp {
	return &kernelOp{
		desc:    fmt.Sprintf("AddBiasGrad%v", xs),
		inDims:  []int{xs.Dims()},
		outDims: 1,
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return tensor.Shape{xs[1]}, nil },
		fwd: func(out []float32, in [][]float32, s []tensor.Shape) {
			g := in[0]
			ch, inner := xs[1], xs.TotalSize()/(xs[0]*xs[1])
			if inner == 1 { // (batch, units): sum the rows
				for i := 0; i < len(g); i += ch {
					for j, v := range g[i : i+ch] {
						out[j] += v
					}
				}
				return
			}
			for i := 0; i < len(g); i += inner {
				var sum float32
				for _, v := range g[i : i+inner] {
					sum += v
				}
				out[(i/inner)%ch] += sum
			}
		},
	}
}

func dimOr(s tensor.Shape, i int) int {
	if i < len(s) {
		return s[i]
	}
	return -1
}

package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Upsample2DOp repeats every cell of x (batch, c, h, w) into an sh×sw block,
// giving (batch, c, h·sh, w·sw): Keras's UpSampling2D with nearest
// interpolation.
func Upsample2DOp(x *gorgonia.Node, sh, sw int) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 4 {
		return nil, fmt.Errorf("graph: Upsample2D: input %v: want (batch, channels, h, w)", xs)
	}
	if sh <= 0 || sw <= 0 {
		return nil, fmt.Errorf("graph: Upsample2D: factor %dx%d must be positive", sh, sw)
	}
	planes, h, w := xs[0]*xs[1], xs[2], xs[3]
	outShape := tensor.Shape{xs[0], xs[1], h * sh, w * sw}
	op := &kernelOp{
		desc:    fmt.Sprintf("Upsample2D%v,%dx%d", xs, sh, sw),
		inDims:  []int{4},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return outShape.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			kernels.Upsample(planes, h, w, sh, sw, in[0], out)
		},
		diffWRT: []bool{true},
	}
	op.diff = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gop := &kernelOp{
			desc:    fmt.Sprintf("Upsample2DGrad%v,%dx%d", xs, sh, sw),
			inDims:  []int{4},
			outDims: 4,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			sets:    true,
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				kernels.UpsampleGrad(planes, h, w, sh, sw, in[0], dx)
			},
		}
		dx, err := gorgonia.ApplyOp(gop, grad)
		return gorgonia.Nodes{dx}, err
	}
	return gorgonia.ApplyOp(op, x)
}

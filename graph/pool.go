package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MaxPool2DOp takes the maximum of each kh×kw window of x (batch, c, h, w),
// moving by the window size, as Keras's MaxPooling2D(pool_size) does. With
// Same padding an odd size rounds up (7 → 4) and the last window is cut
// short at the border.
func MaxPool2DOp(x *gorgonia.Node, kh, kw int, pad Padding) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 4 {
		return nil, fmt.Errorf("graph: MaxPool2D: input %v: want (batch, channels, h, w)", xs)
	}
	if kh <= 0 || kw <= 0 {
		return nil, fmt.Errorf("graph: MaxPool2D: pool size %dx%d must be positive", kh, kw)
	}
	oh, pt, err := pad.window(xs[2], kh, kh)
	if err != nil {
		return nil, fmt.Errorf("graph: MaxPool2D: input %v: %w", xs, err)
	}
	ow, pl, err := pad.window(xs[3], kw, kw)
	if err != nil {
		return nil, fmt.Errorf("graph: MaxPool2D: input %v: %w", xs, err)
	}
	geom := kernels.PoolGeom{H: xs[2], W: xs[3], KH: kh, KW: kw, SH: kh, SW: kw, PadT: pt, PadL: pl, OH: oh, OW: ow}
	planes := xs[0] * xs[1]
	outShape := tensor.Shape{xs[0], xs[1], oh, ow}
	op := &kernelOp{
		desc:    fmt.Sprintf("MaxPool2D%v,%+v", xs, geom),
		inDims:  []int{4},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return outShape.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			kernels.MaxPool(geom, planes, in[0], out)
		},
		diffWRT: []bool{true},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gop := &kernelOp{
			desc:    fmt.Sprintf("MaxPool2DGrad%v,%+v", xs, geom),
			inDims:  []int{4, 4},
			outDims: 4,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			sets:    true,
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				kernels.MaxPoolGrad(geom, planes, in[0], in[1], dx)
			},
		}
		dx, err := gorgonia.ApplyOp(gop, inputs[0], grad)
		return gorgonia.Nodes{dx}, err
	}
	return gorgonia.ApplyOp(op, x)
}

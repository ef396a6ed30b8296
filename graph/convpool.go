package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// poolsFused reports whether Forward computes c followed by p as one op:
// a relu or linear convolution whose output has an even number of rows
// and columns, then 2×2 max-pooling, which then gives what the two layers
// give one after the other.
func poolsFused(c *Conv2D, p *MaxPool2D, x *gorgonia.Node) bool {
	if p.Size != 2 || (c.Act != ReLU && c.Act != Linear) {
		return false
	}
	xs := x.Shape()
	if xs.Dims() != 4 || xs[1] != c.In {
		return false // the layer reports the bad shape
	}
	geom, err := convGeom(xs, c.W.Shape(), c.Pad, max(c.Stride, 1))
	return err == nil && geom.OH%2 == 0 && geom.OW%2 == 0 && geom.OH > 0 && geom.OW > 0
}

// fwdPool returns MaxPool2D(2)(c.Fwd(x)) as one op: the convolution, its
// bias and activation, and the pooling in one pass over each image, the
// convolution's output never written. The op keeps which cell won each
// window for its gradient, which routes the pooled gradient straight to
// the winners (to none where relu's output was zero) and from there to x,
// the kernel and the bias as the convolution's gradient does.
func (c *Conv2D) fwdPool(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs, ws := x.Shape(), c.W.Shape()
	stride, withDX := max(c.Stride, 1), !c.g.IsInput(x)
	geom, err := convGeom(xs, ws, c.Pad, stride)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2D %q: input %v, kernel %v: %w", c.name, xs, ws, err)
	}
	n, cout := xs[0], ws[0]
	outShape := tensor.Shape{n, cout, geom.OH / 2, geom.OW / 2}
	conv := kernels.NewConv(geom, cout)
	win := make([]uint8, outShape.TotalSize())
	act := c.Act
	op := &kernelOp{
		desc:    fmt.Sprintf("Conv2DPool%v*%v,%v,stride=%d,%v", xs, ws, c.Pad, stride, act),
		inDims:  []int{4, 4, 1},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return outShape.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			conv.ForwardPool(n, in[0], in[1], in[2], int(act), out, win)
		},
		diffWRT: []bool{withDX, true, true},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		return pooledGrads(geom, xs, ws, act, withDX, win, inputs, output, grad)
	}
	y, err := gorgonia.ApplyOp(op, x, c.W, c.B)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2D %q: %w", c.name, err)
	}
	return y, nil
}

// pooledGrads returns the input (if withDX), kernel and bias gradients of
// the fused convolution and pooling from the pooled gradient grad: the
// scattered output gradient is never written, the input and kernel
// gradients scattering each image's windows into the planes they read.
// The pooled output is an input of each so that they run after the
// forward pass has set win.
func pooledGrads(geom kernels.ConvGeom, xs, ws tensor.Shape, act Activation, withDX bool, win []uint8, inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	n, cout := xs[0], ws[0]
	conv := kernels.NewConv(geom, cout)
	var dx *gorgonia.Node
	if withDX {
		var err error
		dx, err = gorgonia.ApplyOp(&kernelOp{
			desc:    fmt.Sprintf("Conv2DPoolGradInput%v*%v,%+v", xs, ws, geom),
			inDims:  []int{4, 4, 4},
			outDims: 4,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			sets:    true,
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				conv.GradInputPooled(n, in[0], win, in[2], dx)
			},
		}, inputs[1], output, grad)
		if err != nil {
			return nil, err
		}
	}
	dw, err := gorgonia.ApplyOp(&kernelOp{
		desc:    fmt.Sprintf("Conv2DPoolGradKernel%v*%v,%+v", xs, ws, geom),
		inDims:  []int{4, 4, 4},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return ws.Clone(), nil },
		fwd: func(dw []float32, in [][]float32, _ []tensor.Shape) {
			conv.GradKernelPooled(n, in[0], win, in[2], dw)
		},
	}, inputs[0], output, grad)
	if err != nil {
		return nil, err
	}
	db, err := gorgonia.ApplyOp(&kernelOp{
		desc:    fmt.Sprintf("Conv2DPoolBiasGrad%v*%v,%+v,%v", xs, ws, geom, act),
		inDims:  []int{4, 4},
		outDims: 1,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{cout}, nil },
		fwd: func(db []float32, in [][]float32, _ []tensor.Shape) {
			kernels.PooledBiasGrad(n, cout, geom.OH/2*(geom.OW/2), int(act), in[0], in[1], db)
		},
	}, output, grad)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dx, dw, db}, nil
}

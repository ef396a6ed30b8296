package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Conv2DOp convolves x (batch, in, h, w) with the kernel w (out, in, kh, kw)
// at stride 1, in NCHW layout, and returns (batch, out, oh, ow). It is a
// cross-correlation, as in Keras and PyTorch.
func Conv2DOp(x, w *gorgonia.Node, pad Padding) (*gorgonia.Node, error) {
	return conv2D(x, w, pad, 1, true)
}

// Conv2DStridedOp is Conv2DOp moving the kernel by stride rows and
// columns: 'same' padding gives ceil(h/stride) rows, the odd padding row
// going after the input as in Keras.
func Conv2DStridedOp(x, w *gorgonia.Node, stride int, pad Padding) (*gorgonia.Node, error) {
	return conv2D(x, w, pad, stride, true)
}

// newConvKernel returns the kernel that suits the convolution's shape,
// reading its input upsampled up×up (1 or 2).
func newConvKernel(g kernels.ConvGeom, cout, up int) kernels.ConvKernel {
	if up == 2 {
		return kernels.NewConvUp(g, cout)
	}
	return kernels.NewConvKernel(g, cout)
}

// conv2D is Conv2DStridedOp, with the gradient of x only if withDX.
func conv2D(x, w *gorgonia.Node, pad Padding, stride int, withDX bool) (*gorgonia.Node, error) {
	return conv2DBiasAct(x, w, nil, pad, stride, withDX, Linear)
}

// biasActForwarder is a convolution kernel that adds the bias and applies
// the activation as it writes its output.
type biasActForwarder interface {
	ForwardBiasAct(n int, x, w, b []float32, act int, y []float32)
}

// conv2DBiasAct is act(conv2D(x, w) + b), the bias and the activation in
// the convolution's pass over its output where the kernel can and act is
// built in; b may be nil for none. The gradient goes through the
// activation's gradient, as BiasActivation's does, then to x, w and b.
func conv2DBiasAct(x, w, b *gorgonia.Node, pad Padding, stride int, withDX bool, act Activation) (*gorgonia.Node, error) {
	return convBiasAct(x, w, b, pad, stride, 1, withDX, act)
}

// convBiasAct is conv2DBiasAct of x upsampled up×up (1 or 2, and 2 only
// at stride 1), the upsampled input never written: the convolution reads
// each cell of x as its 2×2 block, and its input gradient sums each block.
func convBiasAct(x, w, b *gorgonia.Node, pad Padding, stride, up int, withDX bool, act Activation) (*gorgonia.Node, error) {
	xs, ws := x.Shape(), w.Shape()
	if xs.Dims() != 4 || ws.Dims() != 4 || xs[1] != ws[1] {
		return nil, fmt.Errorf("graph: Conv2D: input %v and kernel %v: want input (batch, %d, h, w) and kernel (out, in, kh, kw)", xs, ws, dimOr(ws, 1))
	}
	geom, err := convGeom(tensor.Shape{xs[0], xs[1], xs[2] * up, xs[3] * up}, ws, pad, stride)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2D: input %v, kernel %v: %w", xs, ws, err)
	}
	n, cout := xs[0], ws[0]
	outShape := tensor.Shape{n, cout, geom.OH, geom.OW}
	conv := newConvKernel(geom, cout, up)
	fused, ok := conv.(biasActForwarder)
	if b != nil && (!ok || !act.builtin()) {
		y, err := convBiasAct(x, w, nil, pad, stride, up, withDX, Linear)
		if err != nil {
			return nil, err
		}
		return BiasActivation(y, b, act)
	}
	if b != nil {
		if bs := b.Shape(); bs.Dims() != 1 || bs[0] != cout {
			return nil, fmt.Errorf("graph: Conv2D: bias %v: want (%d)", bs, cout)
		}
	}
	inputs, inDims := gorgonia.Nodes{x, w}, []int{4, 4}
	if b != nil {
		inputs, inDims = append(inputs, b), append(inDims, 1)
	}
	op := &kernelOp{
		desc:    fmt.Sprintf("Conv2D%v*%v,%v,stride=%d,up=%d,bias=%v,%v", xs, ws, pad, stride, up, b != nil, act),
		inDims:  inDims,
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return outShape.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			if len(in) == 2 {
				conv.Forward(n, in[0], in[1], out)
				return
			}
			fused.ForwardBiasAct(n, in[0], in[1], in[2], int(act), out)
		},
		diffWRT: []bool{withDX, true, true}[:len(inputs)],
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gz, err := activationGrad(act, output, grad)
		if err != nil {
			return nil, err
		}
		return convGrads(geom, xs, ws, up, withDX, inputs, gz)
	}
	return gorgonia.ApplyOp(op, inputs...)
}

// convGrads returns the gradients of a convolution's inputs (x, w and, if
// there are three, the bias b) for the gradient gz of its pre-activation
// output: that of x only if withDX.
func convGrads(geom kernels.ConvGeom, xs, ws tensor.Shape, up int, withDX bool, inputs gorgonia.Nodes, gz *gorgonia.Node) (gorgonia.Nodes, error) {
	var dx *gorgonia.Node
	var err error
	if withDX {
		if dx, err = gorgonia.ApplyOp(convGradInputOp(geom, xs, ws, up), inputs[1], gz); err != nil {
			return nil, err
		}
	}
	dw, err := gorgonia.ApplyOp(convGradKernelOp(geom, xs, ws, up), inputs[0], gz)
	if err != nil {
		return nil, err
	}
	if len(inputs) == 2 {
		return gorgonia.Nodes{dx, dw}, nil
	}
	db, err := gorgonia.ApplyOp(biasGradOp(tensor.Shape{xs[0], ws[0], geom.OH, geom.OW}), gz)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{dx, dw, db}, nil
}

// convGeom returns the geometry of the convolution of an input of shape xs
// with a kernel of shape ws.
func convGeom(xs, ws tensor.Shape, pad Padding, stride int) (kernels.ConvGeom, error) {
	if stride <= 0 {
		return kernels.ConvGeom{}, fmt.Errorf("stride %d must be positive", stride)
	}
	oh, pt, err := pad.window(xs[2], ws[2], stride)
	if err != nil {
		return kernels.ConvGeom{}, err
	}
	ow, pl, err := pad.window(xs[3], ws[3], stride)
	if err != nil {
		return kernels.ConvGeom{}, err
	}
	return kernels.ConvGeom{C: xs[1], H: xs[2], W: xs[3], KH: ws[2], KW: ws[3], PadT: pt, PadL: pl, OH: oh, OW: ow, SH: stride, SW: stride}, nil
}

// convGradInputOp is the input gradient of the convolution with geometry g
// of x, of shape xs, upsampled up×up.
func convGradInputOp(g kernels.ConvGeom, xs, ws tensor.Shape, up int) *kernelOp {
	n, conv := xs[0], newConvKernel(g, ws[0], up)
	return &kernelOp{
		desc:    fmt.Sprintf("Conv2DGradInput%v*%v,%+v,up=%d", xs, ws, g, up),
		inDims:  []int{4, 4},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
		sets:    true,
		fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
			conv.GradInput(n, in[0], in[1], dx)
		},
	}
}

// convGradKernelOp is the kernel gradient of the convolution with geometry
// g of x, of shape xs, upsampled up×up.
func convGradKernelOp(g kernels.ConvGeom, xs, ws tensor.Shape, up int) *kernelOp {
	n, conv := xs[0], newConvKernel(g, ws[0], up)
	return &kernelOp{
		desc:    fmt.Sprintf("Conv2DGradKernel%v*%v,%+v,up=%d", xs, ws, g, up),
		inDims:  []int{4, 4},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return ws.Clone(), nil },
		fwd: func(dw []float32, in [][]float32, _ []tensor.Shape) {
			conv.GradKernel(n, in[0], in[1], dw)
		},
	}
}

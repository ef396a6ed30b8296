package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Conv2DTransposeOp is the transposed convolution of x (batch, in, h, w)
// with the kernel w (in, out, kh, kw), PyTorch's ConvTranspose2d layout:
// every input cell adds its value times w[in] into a kh×kw window of the
// output, the windows moving by stride. As Keras's Conv2DTranspose, 'same'
// padding gives h·stride rows and 'valid' h·stride + max(kh - stride, 0).
// It is the adjoint of Conv2DStridedOp from the output's shape to the
// input's with the same kernel, stride and padding.
func Conv2DTransposeOp(x, w *gorgonia.Node, stride int, pad Padding) (*gorgonia.Node, error) {
	return conv2DTranspose(x, w, pad, stride, true)
}

// transposeGeom returns the geometry of the convolution whose adjoint is
// the transposed convolution of an input of shape xs with a kernel of
// shape ws: its input is the transposed convolution's output.
func transposeGeom(xs, ws tensor.Shape, pad Padding, stride int) (kernels.ConvGeom, error) {
	if stride <= 0 {
		return kernels.ConvGeom{}, fmt.Errorf("stride %d must be positive", stride)
	}
	oh, err := pad.TransposedLength(xs[2], ws[2], stride)
	if err != nil {
		return kernels.ConvGeom{}, err
	}
	ow, err := pad.TransposedLength(xs[3], ws[3], stride)
	if err != nil {
		return kernels.ConvGeom{}, err
	}
	g, err := convGeom(tensor.Shape{xs[0], ws[1], oh, ow}, tensor.Shape{ws[0], ws[1], ws[2], ws[3]}, pad, stride)
	if err != nil {
		return g, err
	}
	if g.OH != xs[2] || g.OW != xs[3] {
		return g, fmt.Errorf("internal error: the convolution of %dx%d gives %dx%d, not %dx%d", oh, ow, g.OH, g.OW, xs[2], xs[3])
	}
	return g, nil
}

// conv2DTranspose is Conv2DTransposeOp, with the gradient of x only if
// withDX.
func conv2DTranspose(x, w *gorgonia.Node, pad Padding, stride int, withDX bool) (*gorgonia.Node, error) {
	xs, ws := x.Shape(), w.Shape()
	if xs.Dims() != 4 || ws.Dims() != 4 || xs[1] != ws[0] {
		return nil, fmt.Errorf("graph: Conv2DTranspose: input %v and kernel %v: want input (batch, %d, h, w) and kernel (in, out, kh, kw)", xs, ws, dimOr(ws, 0))
	}
	geom, err := transposeGeom(xs, ws, pad, stride)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2DTranspose: input %v, kernel %v: %w", xs, ws, err)
	}
	n, cin := xs[0], xs[1]
	outShape := tensor.Shape{n, ws[1], geom.H, geom.W}
	// conv maps the transposed convolution's output (n, out, H, W) to its
	// input (n, in, h, w) with the kernel (in, out, kh, kw).
	conv := newConvKernel(geom, cin, 1)
	desc := fmt.Sprintf("Conv2DTranspose%v*%v,%v,stride=%d", xs, ws, pad, stride)
	op := &kernelOp{
		desc:    desc,
		inDims:  []int{4, 4},
		outDims: 4,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return outShape.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			conv.GradInput(n, in[1], in[0], out)
		},
		diffWRT: []bool{withDX, true},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		var dx *gorgonia.Node
		if withDX {
			dconv := newConvKernel(geom, cin, 1)
			var err error
			dx, err = gorgonia.ApplyOp(&kernelOp{
				desc:    desc + "GradInput",
				inDims:  []int{4, 4},
				outDims: 4,
				shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
				sets:    true,
				fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
					dconv.Forward(n, in[1], in[0], dx)
				},
			}, inputs[1], grad)
			if err != nil {
				return nil, err
			}
		}
		kconv := newConvKernel(geom, cin, 1)
		dw, err := gorgonia.ApplyOp(&kernelOp{
			desc:    desc + "GradKernel",
			inDims:  []int{4, 4},
			outDims: 4,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return ws.Clone(), nil },
			fwd: func(dw []float32, in [][]float32, _ []tensor.Shape) {
				kconv.GradKernel(n, in[1], in[0], dw)
			},
		}, inputs[0], grad)
		if err != nil {
			return nil, err
		}
		return gorgonia.Nodes{dx, dw}, nil
	}
	return gorgonia.ApplyOp(op, x, w)
}

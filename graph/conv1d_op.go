package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The 1-D convolutions run on the 2-D kernels with images of one row: a
// sequence (batch, channels, steps) is (batch, channels, 1, steps) in
// memory, and a kernel (out, in, k) is (out, in, 1, k), PyTorch's Conv1d
// and ONNX's Conv layout. Only the columns move by the stride.

// conv1DGeom returns the geometry of the 1-D convolution of a sequence of
// c channels and n steps with a kernel of k taps.
func conv1DGeom(c, n, k int, pad Padding, stride int) (kernels.ConvGeom, error) {
	if stride <= 0 {
		return kernels.ConvGeom{}, fmt.Errorf("stride %d must be positive", stride)
	}
	out, before, err := pad.window(n, k, stride)
	if err != nil {
		return kernels.ConvGeom{}, err
	}
	return kernels.ConvGeom{C: c, H: 1, W: n, KH: 1, KW: k, PadL: before, OH: 1, OW: out, SH: 1, SW: stride}, nil
}

// seqPass is an op of two 3-D inputs and a 3-D output of shape out, whose
// values f writes (all of them if sets).
func seqPass(desc string, out tensor.Shape, sets bool, f func(out []float32, in [][]float32)) *kernelOp {
	return &kernelOp{
		desc:    desc,
		inDims:  []int{3, 3},
		outDims: 3,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return out.Clone(), nil },
		sets:    sets,
		fwd:     func(o []float32, in [][]float32, _ []tensor.Shape) { f(o, in) },
	}
}

// Conv1DOp is act(conv(x, w) + b) for x (batch, in, steps) and w (out,
// in, k), moving by stride: a cross-correlation as in Keras and PyTorch,
// 'same' padding giving ceil(steps/stride) steps with the odd padding
// step after the input (TensorFlow's placement: 2 before and 3 after for
// k 7 at stride 2). b (out) may be nil for none; the gradient of x is
// built only if withDX.
func Conv1DOp(x, w, b *gorgonia.Node, pad Padding, stride int, withDX bool, act Activation) (*gorgonia.Node, error) {
	xs, ws := x.Shape(), w.Shape()
	if xs.Dims() != 3 || ws.Dims() != 3 || xs[1] != ws[1] {
		return nil, fmt.Errorf("graph: Conv1D: input %v and kernel %v: want input (batch, %d, steps) and kernel (out, in, k)", xs, ws, dimOr(ws, 1))
	}
	geom, err := conv1DGeom(xs[1], xs[2], ws[2], pad, stride)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv1D: input %v, kernel %v: %w", xs, ws, err)
	}
	if (b != nil && !act.builtin()) || (b == nil && act != Linear) {
		y, err := Conv1DOp(x, w, nil, pad, stride, withDX, Linear)
		if err != nil || b == nil {
			return activationOrErr(y, act, err)
		}
		return BiasActivation(y, b, act)
	}
	n, cout := xs[0], ws[0]
	outShape := tensor.Shape{n, cout, geom.OW}
	conv := kernels.NewConv(geom, cout)
	inputs := gorgonia.Nodes{x, w}
	var bias func(in [][]float32) []float32
	if b != nil {
		if bs := b.Shape(); bs.Dims() != 1 || bs[0] != cout {
			return nil, fmt.Errorf("graph: Conv1D: bias %v: want (%d)", bs, cout)
		}
		inputs = append(inputs, b)
		bias = func(in [][]float32) []float32 { return in[2] }
	}
	op := seqPass(fmt.Sprintf("Conv1D%v*%v,%v,stride=%d,bias=%v,%v", xs, ws, pad, stride, b != nil, act), outShape, true,
		func(out []float32, in [][]float32) {
			var bv []float32
			if bias != nil {
				bv = bias(in)
			}
			conv.ForwardBiasAct(n, in[0], in[1], bv, int(act), out)
		})
	op.inDims = []int{3, 3, 1}[:len(inputs)]
	op.diffWRT = []bool{withDX, true, true}[:len(inputs)]
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gz, err := activationGrad(act, output, grad)
		if err != nil {
			return nil, err
		}
		return conv1DGrads(geom, xs, ws, withDX, inputs, gz)
	}
	return gorgonia.ApplyOp(op, inputs...)
}

// conv1DGrads returns the gradients of a 1-D convolution's inputs (x, w
// and, if there are three, b) for the gradient gz of its pre-activation.
func conv1DGrads(geom kernels.ConvGeom, xs, ws tensor.Shape, withDX bool, inputs gorgonia.Nodes, gz *gorgonia.Node) (gorgonia.Nodes, error) {
	n, desc := xs[0], fmt.Sprintf("%v*%v,%+v", xs, ws, geom)
	grads := make(gorgonia.Nodes, len(inputs))
	var err error
	if withDX {
		conv := kernels.NewConv(geom, ws[0])
		op := seqPass("Conv1DGradInput"+desc, xs, true, func(dx []float32, in [][]float32) { conv.GradInput(n, in[0], in[1], dx) })
		if grads[0], err = gorgonia.ApplyOp(op, inputs[1], gz); err != nil {
			return nil, err
		}
	}
	kconv := kernels.NewConv(geom, ws[0])
	op := seqPass("Conv1DGradKernel"+desc, ws, false, func(dw []float32, in [][]float32) { kconv.GradKernel(n, in[0], in[1], dw) })
	if grads[1], err = gorgonia.ApplyOp(op, inputs[0], gz); err != nil {
		return nil, err
	}
	if len(inputs) == 3 {
		if grads[2], err = gorgonia.ApplyOp(biasGradOp(tensor.Shape{n, ws[0], geom.OW}), gz); err != nil {
			return nil, err
		}
	}
	return grads, nil
}

// Conv1DTransposeOp is the transposed 1-D convolution of x (batch, in,
// steps) with w (in, out, k), PyTorch's ConvTranspose1d layout: the
// adjoint of Conv1DOp from the output's length to the input's. As Keras's
// Conv1DTranspose, 'same' padding gives steps·stride steps and 'valid'
// steps·stride + max(k - stride, 0).
func Conv1DTransposeOp(x, w *gorgonia.Node, pad Padding, stride int, withDX bool) (*gorgonia.Node, error) {
	xs, ws := x.Shape(), w.Shape()
	if xs.Dims() != 3 || ws.Dims() != 3 || xs[1] != ws[0] {
		return nil, fmt.Errorf("graph: Conv1DTranspose: input %v and kernel %v: want input (batch, %d, steps) and kernel (in, out, k)", xs, ws, dimOr(ws, 0))
	}
	geom, err := transpose1DGeom(xs, ws, pad, stride)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv1DTranspose: input %v, kernel %v: %w", xs, ws, err)
	}
	n, cin := xs[0], xs[1]
	outShape := tensor.Shape{n, ws[1], geom.W}
	desc := fmt.Sprintf("Conv1DTranspose%v*%v,%v,stride=%d", xs, ws, pad, stride)
	// conv maps the output (n, out, W) to the input (n, in, steps) with
	// the kernel (in, out, k).
	conv := kernels.NewConv(geom, cin)
	op := seqPass(desc, outShape, true, func(out []float32, in [][]float32) { conv.GradInput(n, in[1], in[0], out) })
	op.diffWRT = []bool{withDX, true}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		grads := make(gorgonia.Nodes, 2)
		var err error
		if withDX {
			dconv := kernels.NewConv(geom, cin)
			dop := seqPass(desc+"GradInput", xs, true, func(dx []float32, in [][]float32) { dconv.Forward(n, in[1], in[0], dx) })
			if grads[0], err = gorgonia.ApplyOp(dop, inputs[1], grad); err != nil {
				return nil, err
			}
		}
		kconv := kernels.NewConv(geom, cin)
		kop := seqPass(desc+"GradKernel", ws, false, func(dw []float32, in [][]float32) { kconv.GradKernel(n, in[1], in[0], dw) })
		grads[1], err = gorgonia.ApplyOp(kop, inputs[0], grad)
		return grads, err
	}
	return gorgonia.ApplyOp(op, x, w)
}

// transpose1DGeom returns the geometry of the 1-D convolution whose
// adjoint is the transposed convolution of x (shape xs) with w (shape
// ws).
func transpose1DGeom(xs, ws tensor.Shape, pad Padding, stride int) (kernels.ConvGeom, error) {
	if stride <= 0 {
		return kernels.ConvGeom{}, fmt.Errorf("stride %d must be positive", stride)
	}
	steps, err := pad.TransposedLength(xs[2], ws[2], stride)
	if err != nil {
		return kernels.ConvGeom{}, err
	}
	g, err := conv1DGeom(ws[1], steps, ws[2], pad, stride)
	if err == nil && g.OW != xs[2] {
		err = fmt.Errorf("internal error: the convolution of %d steps gives %d, not %d", steps, g.OW, xs[2])
	}
	return g, err
}

// activationOrErr applies act to y unless err is set.
func activationOrErr(y *gorgonia.Node, act Activation, err error) (*gorgonia.Node, error) {
	if err != nil {
		return nil, err
	}
	return act.Apply(y)
}

package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BiasActivation returns act(x + b) in one pass, where b holds one value per
// channel of x, the channel being axis 1: a Dense pre-activation (batch,
// units) or a convolution output (batch, channels, h, w). The gradient of
// a built-in activation is computed from its output, so that none needs a
// second evaluation; a registered one gets its gradient from x + b and the
// output.
func BiasActivation(x, b *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	xs, bs := x.Shape(), b.Shape()
	if xs.Dims() < 2 || bs.Dims() != 1 || bs[0] != xs[1] {
		return nil, fmt.Errorf("graph: bias: input %v and bias %v: want bias of shape (%d)", xs, bs, dimOr(xs, 1))
	}
	if c, ok := act.custom(); ok {
		return customActivationOp(x, b, act, c)
	}
	if !act.builtin() {
		return nil, fmt.Errorf("graph: unknown activation %v", act)
	}
	ch, inner := xs[1], xs.TotalSize()/(xs[0]*xs[1])
	op := &kernelOp{
		desc:    fmt.Sprintf("BiasActivation%v,%v", xs, act),
		inDims:  []int{xs.Dims(), 1},
		outDims: xs.Dims(),
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		sets:    true,
		diffWRT: []bool{true, true},
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			kernels.BiasAct(int(act), ch, inner, in[0], in[1], out)
		},
	}
	op.diff = func(_ gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gz, err := activationGrad(act, output, grad)
		if err != nil {
			return nil, err
		}
		db, err := gorgonia.ApplyOp(biasGradOp(xs), gz)
		if err != nil {
			return nil, err
		}
		return gorgonia.Nodes{gz, db}, nil
	}
	return gorgonia.ApplyOp(op, x, b)
}

// AddBias adds b[c] to every element of channel c of x: BiasActivation with
// a linear activation.
func AddBias(x, b *gorgonia.Node) (*gorgonia.Node, error) { return BiasActivation(x, b, Linear) }

// activationGrad adds the gradient through act, from the activation's output
// y and the gradient of y.
func activationGrad(act Activation, y, grad *gorgonia.Node) (*gorgonia.Node, error) {
	if act == Linear {
		return grad, nil
	}
	ys := y.Shape()
	return gorgonia.ApplyOp(&kernelOp{
		desc:    fmt.Sprintf("ActivationGrad%v,%v", ys, act),
		inDims:  []int{ys.Dims(), ys.Dims()},
		outDims: ys.Dims(),
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			kernels.ActGrad(int(act), in[0], in[1], out)
		},
	}, y, grad)
}

// activationOp applies act element-wise.
func activationOp(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	xs := x.Shape()
	op := &kernelOp{
		desc:    fmt.Sprintf("Activation%v,%v", xs, act),
		inDims:  []int{xs.Dims()},
		outDims: xs.Dims(),
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		sets:    true,
		diffWRT: []bool{true},
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			kernels.Activate(int(act), in[0], out)
		},
	}
	op.diff = func(_ gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gz, err := activationGrad(act, output, grad)
		return gorgonia.Nodes{gz}, err
	}
	return gorgonia.ApplyOp(op, x)
}

// biasGradOp sums the gradient over every axis but the channel axis.
func biasGradOp(xs tensor.Shape) *kernelOp {
	ch, inner := xs[1], xs.TotalSize()/(xs[0]*xs[1])
	return &kernelOp{
		desc:    fmt.Sprintf("BiasGrad%v", xs),
		inDims:  []int{xs.Dims()},
		outDims: 1,
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return tensor.Shape{xs[1]}, nil },
		fwd: func(out []float32, in [][]float32, s []tensor.Shape) {
			kernels.BiasGrad(ch, inner, in[0], out)
		},
	}
}

// customActivationOp applies the registered activation c, which is a, to
// x + b (b per channel, as in BiasActivation), or to x alone if b is nil.
func customActivationOp(x, b *gorgonia.Node, a Activation, c customActivation) (*gorgonia.Node, error) {
	xs := x.Shape()
	if b != nil && (xs.Dims() < 2 || b.Shape().Dims() != 1 || b.Shape()[0] != xs[1]) {
		return nil, fmt.Errorf("graph: bias: input %v and bias %v: want bias of shape (%d)", xs, b.Shape(), dimOr(xs, 1))
	}
	inputs := gorgonia.Nodes{x}
	inDims := []int{xs.Dims()}
	if b != nil {
		inputs = append(inputs, b)
		inDims = append(inDims, 1)
	}
	// z returns element i of x + b.
	ch, inner := 1, 1
	if b != nil {
		ch, inner = xs[1], xs.TotalSize()/(xs[0]*xs[1])
	}
	pre := func(in [][]float32, i int) float32 {
		if b == nil {
			return in[0][i]
		}
		return in[0][i] + in[1][(i/inner)%ch]
	}
	f, grad := c.f, c.grad
	op := &kernelOp{
		desc:    fmt.Sprintf("Activation%v,%v,bias=%v", xs, a, b != nil),
		inDims:  inDims,
		outDims: xs.Dims(),
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
		sets:    true,
		diffWRT: []bool{true, true}[:len(inputs)],
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			for i := range out {
				out[i] = f(pre(in, i))
			}
		},
	}
	op.diff = func(inputs gorgonia.Nodes, output, g *gorgonia.Node) (gorgonia.Nodes, error) {
		gop := &kernelOp{
			desc:    fmt.Sprintf("ActivationGrad%v,%v,bias=%v", xs, a, b != nil),
			inDims:  append(append([]int(nil), inDims...), xs.Dims(), xs.Dims()),
			outDims: xs.Dims(),
			shape:   func(in []tensor.Shape) (tensor.Shape, error) { return in[0].Clone(), nil },
			sets:    true,
			fwd: func(gz []float32, in [][]float32, _ []tensor.Shape) {
				y, gy := in[len(in)-2], in[len(in)-1]
				for i := range gz {
					gz[i] = gy[i] * grad(pre(in, i), y[i])
				}
			},
		}
		gz, err := gorgonia.ApplyOp(gop, append(append(gorgonia.Nodes(nil), inputs...), output, g)...)
		if err != nil || b == nil {
			return gorgonia.Nodes{gz}, err
		}
		db, err := gorgonia.ApplyOp(biasGradOp(xs), gz)
		if err != nil {
			return nil, err
		}
		return gorgonia.Nodes{gz, db}, nil
	}
	return gorgonia.ApplyOp(op, inputs...)
}

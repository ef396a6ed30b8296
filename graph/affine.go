package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// affine returns act(x·w + b) for x (m, k), w (k, n) and b (n) as one op:
// the product, with the bias and the built-in activation applied to each
// block of the output while it is in cache, rather than in a second pass
// over it. Its gradient is that of MatMul followed by BiasActivation, the
// gradient of x only if withDX.
func affine(x, w, b *gorgonia.Node, act Activation, withDX bool) (*gorgonia.Node, error) {
	xs, ws := x.Shape(), w.Shape()
	if xs.Dims() != 2 || ws.Dims() != 2 || xs[1] != ws[0] {
		return nil, fmt.Errorf("graph: MatMul: shapes %v and %v do not multiply", xs, ws)
	}
	m, k, n := xs[0], xs[1], ws[1]
	if bs := b.Shape(); bs.Dims() != 1 || bs[0] != n {
		return nil, fmt.Errorf("graph: bias: input (%d, %d) and bias %v: want bias of shape (%d)", m, n, bs, n)
	}
	op := &kernelOp{
		desc:    fmt.Sprintf("Affine%v×%v,%v", xs, ws, act),
		inDims:  []int{2, 2, 1},
		outDims: 2,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{m, n}, nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			kernels.GemmBiasAct(m, n, k, in[0], k, in[1], n, in[2], int(act), out, n)
		},
		diffWRT: []bool{withDX, true, true},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gz, err := activationGrad(act, output, grad)
		if err != nil {
			return nil, err
		}
		grads, err := matMulGrads(inputs[0], inputs[1], gz, withDX)
		if err != nil {
			return nil, err
		}
		db, err := gorgonia.ApplyOp(biasGradOp(tensor.Shape{m, n}), gz)
		if err != nil {
			return nil, err
		}
		return append(grads, db), nil
	}
	return gorgonia.ApplyOp(op, x, w, b)
}

package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MatMul returns a·b for matrices a (m, k) and b (k, n), computed by the
// package's packed GEMM kernel; its gradients are g·bᵀ and aᵀ·g.
func MatMul(a, b *gorgonia.Node) (*gorgonia.Node, error) { return matMul(a, b, true) }

// matMul is MatMul, with the gradient of a only if withDA.
func matMul(a, b *gorgonia.Node, withDA bool) (*gorgonia.Node, error) {
	as, bs := a.Shape(), b.Shape()
	if as.Dims() != 2 || bs.Dims() != 2 || as[1] != bs[0] {
		return nil, fmt.Errorf("graph: MatMul: shapes %v and %v do not multiply", as, bs)
	}
	m, k, n := as[0], as[1], bs[1]
	op := &kernelOp{
		desc:    fmt.Sprintf("MatMul%v×%v", as, bs),
		inDims:  []int{2, 2},
		outDims: 2,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{m, n}, nil },
		sets:    true, // beta 0 sets every element
		fwd: func(c []float32, in [][]float32, _ []tensor.Shape) {
			kernels.Gemm(false, false, m, n, k, 1, in[0], k, in[1], n, 0, c, n)
		},
		diffWRT: []bool{withDA, true},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		return matMulGrads(inputs[0], inputs[1], grad, withDA)
	}
	return gorgonia.ApplyOp(op, a, b)
}

// matMulGrads returns the gradients of a·b for the gradient g of the
// product: g·bᵀ (nil unless withDA) and aᵀ·g.
func matMulGrads(a, b, g *gorgonia.Node, withDA bool) (gorgonia.Nodes, error) {
	as, bs := a.Shape(), b.Shape()
	m, k, n := as[0], as[1], bs[1]
	var da *gorgonia.Node
	if withDA {
		var err error
		da, err = gorgonia.ApplyOp(&kernelOp{
			desc:    fmt.Sprintf("MatMulGradA%v×%v", as, bs),
			inDims:  []int{2, 2},
			outDims: 2,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return as.Clone(), nil },
			sets:    true,
			fwd: func(da []float32, in [][]float32, _ []tensor.Shape) {
				g, b := in[0], in[1]
				kernels.Gemm(false, true, m, k, n, 1, g, n, b, n, 0, da, k)
			},
		}, g, b)
		if err != nil {
			return nil, err
		}
	}
	db, err := gorgonia.ApplyOp(&kernelOp{
		desc:    fmt.Sprintf("MatMulGradB%v×%v", as, bs),
		inDims:  []int{2, 2},
		outDims: 2,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return bs.Clone(), nil },
		sets:    true,
		fwd: func(db []float32, in [][]float32, _ []tensor.Shape) {
			a, g := in[0], in[1]
			kernels.Gemm(true, false, k, n, m, 1, a, k, g, n, 0, db, n)
		},
	}, a, g)
	if err != nil {
		return nil, err
	}
	return gorgonia.Nodes{da, db}, nil
}

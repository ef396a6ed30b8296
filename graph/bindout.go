package graph

import (
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BindOutput makes the op of n, if it is one of this package's kernels,
// write its next outputs into buf, which must have n's size, instead of a
// buffer of its own; it reports whether it could. A nil buf unbinds: the
// op makes a buffer of its own again. Inference binds the caller's slice
// this way and saves a copy.
func BindOutput(n *gorgonia.Node, buf []float32) bool {
	op, ok := n.Op().(*kernelOp)
	shape := n.Shape()
	if !ok || shape.IsScalar() {
		return false
	}
	if buf == nil {
		op.out = nil
		return true
	}
	if len(buf) != shape.TotalSize() {
		return false
	}
	op.out = tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(buf))
	return true
}

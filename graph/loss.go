package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BinaryCrossEntropyWithLogits returns the binary cross-entropy between
// sigmoid(logits) and target, averaged over every element, computed stably
// from the logits z as max(z, 0) - z·y + log(1 + exp(-|z|)). Its gradient
// with respect to z is (sigmoid(z) - y) / n. The target is not
// differentiated.
func BinaryCrossEntropyWithLogits(logits, target *gorgonia.Node) (*gorgonia.Node, error) {
	xs, ys := logits.Shape(), target.Shape()
	if !xs.Eq(ys) {
		return nil, fmt.Errorf("graph: BinaryCrossEntropy: logits %v and target %v differ in shape", xs, ys)
	}
	n := xs.TotalSize()
	// The forward pass keeps sigmoid(z) for the backward pass, which then
	// needs no exponential. The gradient op takes the loss as an input so
	// that it always runs after the forward op.
	sig := make([]float32, n)
	op := &kernelOp{
		desc:    fmt.Sprintf("BinaryCrossEntropy%v", xs),
		inDims:  []int{xs.Dims(), ys.Dims()},
		outDims: 0,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return nil, nil },
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			out[0] = float32(kernels.BinaryCrossEntropy(in[0], in[1], sig))
		},
		diffWRT: []bool{true, false},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gop := &kernelOp{
			desc:    fmt.Sprintf("BinaryCrossEntropyGrad%v", xs),
			inDims:  []int{xs.Dims(), ys.Dims(), 0, 0},
			outDims: xs.Dims(),
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			fwd: func(dz []float32, in [][]float32, _ []tensor.Shape) {
				scale := in[3][0] / float32(n)
				kernels.Parallel(n, func(lo, hi int) {
					ys, d := in[1][lo:hi], dz[lo:hi]
					for i, s := range sig[lo:hi] {
						d[i] = (s - ys[i]) * scale
					}
				})
			},
		}
		dz, err := gorgonia.ApplyOp(gop, inputs[0], inputs[1], output, grad)
		return gorgonia.Nodes{dz, nil}, err
	}
	return gorgonia.ApplyOp(op, logits, target)
}

// MeanSquaredError returns the mean over every element of (output - target)².
// The target is not differentiated.
func MeanSquaredError(output, target *gorgonia.Node) (*gorgonia.Node, error) {
	return pairLoss("MeanSquaredError", output, target,
		func(o, y float32) float32 { d := o - y; return d * d },
		func(o, y float32) float32 { return 2 * (o - y) })
}

// pairLoss builds mean(f(x, y)) over all elements, whose gradient with
// respect to x is df(x, y)/n per element.
func pairLoss(name string, x, y *gorgonia.Node, f func(x, y float32) float32, df func(x, y float32) float32) (*gorgonia.Node, error) {
	xs, ys := x.Shape(), y.Shape()
	if !xs.Eq(ys) {
		return nil, fmt.Errorf("graph: %s: output %v and target %v differ in shape", name, xs, ys)
	}
	n := xs.TotalSize()
	op := &kernelOp{
		desc:    fmt.Sprintf("%s%v", name, xs),
		inDims:  []int{xs.Dims(), ys.Dims()},
		outDims: 0,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return nil, nil },
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			out[0] = float32(kernels.ParallelSum(n, func(lo, hi int) float64 {
				var part float64
				ys := in[1][lo:hi]
				for i, v := range in[0][lo:hi] {
					part += float64(f(v, ys[i]))
				}
				return part
			}) / float64(n))
		},
		diffWRT: []bool{true, false},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		gop := &kernelOp{
			desc:    fmt.Sprintf("%sGrad%v", name, xs),
			inDims:  []int{xs.Dims(), ys.Dims(), 0},
			outDims: xs.Dims(),
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				scale := in[2][0] / float32(n)
				kernels.Parallel(n, func(lo, hi int) {
					ys, d := in[1][lo:hi], dx[lo:hi]
					for i, v := range in[0][lo:hi] {
						d[i] = df(v, ys[i]) * scale
					}
				})
			},
		}
		dx, err := gorgonia.ApplyOp(gop, inputs[0], inputs[1], grad)
		return gorgonia.Nodes{dx, nil}, err
	}
	return gorgonia.ApplyOp(op, x, y)
}

package graph

import (
	"fmt"
	"math"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BinaryCrossEntropyWithLogits returns the binary cross-entropy between
// sigmoid(logits) and target, averaged over every element, computed stably
// from the logits z as max(z, 0) - z·y + log(1 + exp(-|z|)). Its gradient
// with respect to z is (sigmoid(z) - y) / n. The target is not
// differentiated.
func BinaryCrossEntropyWithLogits(logits, target *gorgonia.Node) (*gorgonia.Node, error) {
	return pairLoss("BinaryCrossEntropy", logits, target,
		func(z, y float32) float64 {
			zf, yf := float64(z), float64(y)
			return math.Max(zf, 0) - zf*yf + math.Log1p(math.Exp(-math.Abs(zf)))
		},
		func(z, y float32) float32 { return sigmoid32(z) - y })
}

// MeanSquaredError returns the mean over every element of (output - target)².
// The target is not differentiated.
func MeanSquaredError(output, target *gorgonia.Node) (*gorgonia.Node, error) {
	return pairLoss("MeanSquaredError", output, target,
		func(o, y float32) float64 { d := float64(o) - float64(y); return d * d },
		func(o, y float32) float32 { return 2 * (o - y) })
}

// pairLoss builds mean(f(x, y)) over all elements, whose gradient with
// respect to x is df(x, y)/n per element.
func pairLoss(name string, x, y *gorgonia.Node, f func(x, y float32) float64, df func(x, y float32) float32) (*gorgonia.Node, error) {
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
			var sum float64
			for i, v := range in[0] {
				sum += f(v, in[1][i])
			}
			out[0] = float32(sum / float64(n))
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
				for i, v := range in[0] {
					dx[i] = df(v, in[1][i]) * scale
				}
			},
		}
		dx, err := gorgonia.ApplyOp(gop, inputs[0], inputs[1], grad)
		return gorgonia.Nodes{dx, nil}, err
	}
	return gorgonia.ApplyOp(op, x, y)
}

func sigmoid32(z float32) float32 {
	return float32(1 / (1 + math.Exp(-float64(z))))
}

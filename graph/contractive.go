package graph

import (
	"fmt"
	"math"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ContractivePenalty returns the contractive autoencoder's penalty (Rifai
// et al. 2011) for a dense code h = act(x·W + b): lambda times the batch
// mean of ‖∂h/∂x‖²_F, in its closed form Σ_j act'(h_j)² Σ_i W_ij². h is the
// code (batch, k), after the activation; w is the layer's kernel (n, k).
// The activation's derivative is taken from its output, which sigmoid,
// tanh, relu, leaky relu, elu, softplus and linear allow.
func ContractivePenalty(h, w *gorgonia.Node, act Activation, lambda float64) (*gorgonia.Node, error) {
	hs, ws := h.Shape(), w.Shape()
	if hs.Dims() != 2 || ws.Dims() != 2 || hs[1] != ws[1] {
		return nil, fmt.Errorf("graph: ContractivePenalty: code %v and kernel %v: want (batch, k) and (n, k)", hs, ws)
	}
	if !(lambda >= 0) || math.IsInf(lambda, 0) {
		return nil, fmt.Errorf("graph: ContractivePenalty: lambda must be a number >= 0, got %g", lambda)
	}
	deriv, ok := act.outputDeriv()
	if !ok {
		return nil, fmt.Errorf("graph: ContractivePenalty: activation %v has no derivative in terms of its output", act)
	}
	batch, k, n := hs[0], hs[1], ws[0]
	scale := lambda / float64(batch)
	colSq := make([]float64, k) // Σ_i W_ij²
	op := &kernelOp{
		desc:    fmt.Sprintf("ContractivePenalty%v%v,%v,%g", hs, ws, act, lambda),
		inDims:  []int{2, 2},
		outDims: 0,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return nil, nil },
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			columnSquares(in[1], n, k, colSq)
			var sum float64
			for b := 0; b < batch; b++ {
				for j, v := range in[0][b*k : (b+1)*k] {
					d, _ := deriv(float64(v))
					sum += d * d * colSq[j]
				}
			}
			out[0] = float32(sum * scale)
		},
		diffWRT: []bool{true, true},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dh, err := gorgonia.ApplyOp(&kernelOp{
			desc: fmt.Sprintf("ContractivePenaltyGradCode%v%v,%v,%g", hs, ws, act, lambda), inDims: []int{2, 2, 0, 0}, outDims: 2,
			shape: func([]tensor.Shape) (tensor.Shape, error) { return hs.Clone(), nil }, sets: true,
			fwd: func(dh []float32, in [][]float32, _ []tensor.Shape) {
				columnSquares(in[1], n, k, colSq)
				g := float64(in[3][0]) * scale
				for i, v := range in[0] {
					d, dd := deriv(float64(v))
					dh[i] = float32(g * colSq[i%k] * 2 * d * dd)
				}
			},
		}, inputs[0], inputs[1], output, grad)
		if err != nil {
			return nil, err
		}
		dw, err := gorgonia.ApplyOp(&kernelOp{
			desc: fmt.Sprintf("ContractivePenaltyGradKernel%v%v,%v,%g", hs, ws, act, lambda), inDims: []int{2, 2, 0, 0}, outDims: 2,
			shape: func([]tensor.Shape) (tensor.Shape, error) { return ws.Clone(), nil }, sets: true,
			fwd: func(dw []float32, in [][]float32, _ []tensor.Shape) {
				g := float64(in[3][0]) * scale
				sq := make([]float64, k) // Σ_b act'(h_bj)²
				for i, v := range in[0] {
					d, _ := deriv(float64(v))
					sq[i%k] += d * d
				}
				for i, v := range in[1] {
					dw[i] = float32(g * 2 * float64(v) * sq[i%k])
				}
			},
		}, inputs[0], inputs[1], output, grad)
		return gorgonia.Nodes{dh, dw}, err
	}
	return gorgonia.ApplyOp(op, h, w)
}

func columnSquares(w []float32, n, k int, out []float64) {
	clear(out)
	for i := 0; i < n; i++ {
		for j, v := range w[i*k : (i+1)*k] {
			out[j] += float64(v) * float64(v)
		}
	}
}

package graph

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The recurrent layers' parameters and ops, shared by LSTM and GRU.

// recurrentParams adds a recurrent layer's parameters, uniform in
// ±1/√units as PyTorch's.
func recurrentParams(g *Graph, name string, names []string, shapes [][]int, units int) ([]*gorgonia.Node, error) {
	limit := 1 / math.Sqrt(float64(units))
	init := func(rng *rand.Rand, _ []int, d []float32) {
		for i := range d {
			d[i] = float32((2*rng.Float64() - 1) * limit)
		}
	}
	nodes := make([]*gorgonia.Node, len(names))
	for i, n := range names {
		var err error
		if nodes[i], err = g.Param(name+"/"+n, shapes[i], init); err != nil {
			return nil, err
		}
	}
	return nodes, nil
}

// recurrence is a recurrent layer's kernel, as recurrentOp runs it.
type recurrence struct {
	name  string
	xs    tensor.Shape
	units int
	seq   bool
	// fwd computes the output from the input and the weights; bwd the
	// gradients from the weights and the output's gradient, which grads
	// returns: the input's, then each weight's.
	fwd   func(in [][]float32, y []float32)
	bwd   func(ws [][]float32, dy []float32)
	grads func() [][]float32
	// differentiated, if set, is called when the op's gradient is taken,
	// before the graph first runs.
	differentiated func()
}

// recurrentOp applies the recurrence r to x with the weights ws: one op
// for the forward pass; for the backward, one op that computes every
// gradient (and returns the first weight's), and one for each of the
// others that hands on what it computed.
func recurrentOp(r recurrence, withDX bool, x *gorgonia.Node, ws ...*gorgonia.Node) (*gorgonia.Node, error) {
	n, T := r.xs[0], r.xs[2]
	ys := tensor.Shape{n, r.units}
	if r.seq {
		ys = tensor.Shape{n, r.units, T}
	}
	desc := fmt.Sprintf("%s%v,units=%d,seq=%v", r.name, r.xs, r.units, r.seq)
	inDims := []int{3}
	for _, w := range ws {
		inDims = append(inDims, w.Dims())
	}
	op := &kernelOp{
		desc: desc, inDims: inDims, outDims: ys.Dims(), sets: true,
		shape: func([]tensor.Shape) (tensor.Shape, error) { return ys.Clone(), nil },
		fwd:   func(y []float32, in [][]float32, _ []tensor.Shape) { r.fwd(in, y) },
	}
	op.diffWRT = make([]bool, len(inDims))
	for i := range op.diffWRT {
		op.diffWRT[i] = i > 0 || withDX
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		if r.differentiated != nil {
			r.differentiated()
		}
		return recurrentGrads(r, desc, inputs, grad, withDX)
	}
	return gorgonia.ApplyOp(op, append(gorgonia.Nodes{x}, ws...)...)
}

// recurrentGrads returns the gradient nodes of a recurrent op's inputs.
func recurrentGrads(r recurrence, desc string, inputs gorgonia.Nodes, grad *gorgonia.Node, withDX bool) (gorgonia.Nodes, error) {
	shapes := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		shapes[i] = in.Shape().Clone()
	}
	var inDims []int
	for _, s := range shapes[1:] {
		inDims = append(inDims, s.Dims())
	}
	main := &kernelOp{
		desc: desc + "Grad", inDims: append(inDims, grad.Dims()), outDims: shapes[1].Dims(), sets: true,
		shape: func([]tensor.Shape) (tensor.Shape, error) { return shapes[1].Clone(), nil },
		fwd: func(dw []float32, in [][]float32, _ []tensor.Shape) {
			r.bwd(in[:len(in)-1], in[len(in)-1])
			copy(dw, r.grads()[1])
		},
	}
	dw, err := gorgonia.ApplyOp(main, append(inputs[1:len(inputs):len(inputs)], grad)...)
	if err != nil {
		return nil, err
	}
	out := make(gorgonia.Nodes, len(inputs))
	out[1] = dw
	for i := range inputs {
		if i == 1 || (i == 0 && !withDX) {
			continue
		}
		take := &kernelOp{
			desc: fmt.Sprintf("%sGrad%d", desc, i), inDims: []int{shapes[1].Dims()}, outDims: shapes[i].Dims(), sets: true,
			shape: func([]tensor.Shape) (tensor.Shape, error) { return shapes[i].Clone(), nil },
			fwd:   func(d []float32, _ [][]float32, _ []tensor.Shape) { copy(d, r.grads()[i]) },
		}
		if out[i], err = gorgonia.ApplyOp(take, dw); err != nil {
			return nil, err
		}
	}
	return out, nil
}

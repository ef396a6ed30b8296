package graph

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LSTM is Keras's LSTM on sequences in (batch, channels, steps) layout,
// computed as PyTorch's nn.LSTM: one op over the whole sequence, forward
// and backward through time on our kernels (kernels.LSTM). Its
// parameters are name+"/w" (4·units, in), name+"/u" (4·units, units) and
// name+"/b" (4·units), the gates' rows in PyTorch's order i, f, g, o
// (weight_ih_l0, weight_hh_l0, and bias_ih_l0 + bias_hh_l0; ONNX's LSTM
// takes W and R with the rows reordered i, o, f, c and B = [b, 0]). Like
// PyTorch's, they start uniform in ±1/√units. The output is every step's
// h, (batch, units, steps), with Sequences (Keras's return_sequences),
// else the last step's, (batch, units).
type LSTM struct {
	name      string
	In, Units int
	Sequences bool
	W, U, B   *gorgonia.Node
	g         *Graph
}

// NewLSTM adds the parameters of an LSTM layer to g.
func NewLSTM(g *Graph, name string, in, units int, sequences bool) (*LSTM, error) {
	if in <= 0 || units <= 0 {
		return nil, fmt.Errorf("graph: LSTM %q: sizes must be positive. Received: in=%d, units=%d", name, in, units)
	}
	ps, err := recurrentParams(g, name, []string{"w", "u", "b"}, [][]int{{4 * units, in}, {4 * units, units}, {4 * units}}, units)
	if err != nil {
		return nil, err
	}
	return &LSTM{name: name, In: in, Units: units, Sequences: sequences, W: ps[0], U: ps[1], B: ps[2], g: g}, nil
}

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

func (l *LSTM) Name() string               { return l.name }
func (l *LSTM) Kind() string               { return "LSTM" }
func (l *LSTM) Learnables() gorgonia.Nodes { return gorgonia.Nodes{l.W, l.U, l.B} }

// Fwd runs the layer over x, of shape (batch, in, steps).
func (l *LSTM) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 3 || xs[1] != l.In {
		return nil, fmt.Errorf("graph: LSTM %q: input shape %v, want a sequence (batch, %d, steps)", l.name, xs, l.In)
	}
	k := &kernels.LSTM{N: xs[0], C: xs[1], T: xs[2], Units: l.Units, Sequences: l.Sequences}
	r := recurrence{name: "LSTM", xs: xs, units: l.Units, seq: l.Sequences,
		fwd:   func(in [][]float32, y []float32) { k.Forward(in[0], in[1], in[2], in[3], y) },
		bwd:   func(ws [][]float32, dy []float32) { k.Backward(ws[0], ws[1], dy) },
		grads: func() [][]float32 { return [][]float32{k.DX, k.DW, k.DU, k.DB} }}
	y, err := recurrentOp(r, !l.g.IsInput(x), x, l.W, l.U, l.B)
	if err != nil {
		return nil, fmt.Errorf("graph: LSTM %q: %w", l.name, err)
	}
	return y, nil
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

package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
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
	// Infer keeps nothing for a backward pass: it runs the ops whose
	// gradient no one takes (inference graphs, validation).
	keep := graphOf(x).Training()
	r := recurrence{name: "LSTM", xs: xs, units: l.Units, seq: l.Sequences,
		fwd: func(in [][]float32, y []float32) {
			if keep {
				k.Forward(in[0], in[1], in[2], in[3], y)
			} else {
				k.Infer(in[0], in[1], in[2], in[3], y)
			}
		},
		differentiated: func() { keep = true },
		bwd:            func(ws [][]float32, dy []float32) { k.Backward(ws[0], ws[1], dy) },
		grads:          func() [][]float32 { return [][]float32{k.DX, k.DW, k.DU, k.DB} }}
	y, err := recurrentOp(r, !l.g.IsInput(x), x, l.W, l.U, l.B)
	if err != nil {
		return nil, fmt.Errorf("graph: LSTM %q: %w", l.name, err)
	}
	return y, nil
}

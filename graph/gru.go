package graph

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
)

// GRU is Keras's GRU (reset_after=True) on sequences in (batch, channels,
// steps) layout, computed as PyTorch's nn.GRU: one op over the whole
// sequence on our kernels (kernels.GRU). Its parameters are name+"/w"
// (3·units, in), name+"/u" (3·units, units), name+"/b" and name+"/bu"
// (3·units each), the gates' rows in PyTorch's order r, z, n
// (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0; ONNX's GRU takes
// them reordered z, r, h with linear_before_reset=1). They start uniform
// in ±1/√units. The output is as LSTM's.
type GRU struct {
	name        string
	In, Units   int
	Sequences   bool
	W, U, B, BU *gorgonia.Node
	g           *Graph
}

// NewGRU adds the parameters of a GRU layer to g.
func NewGRU(g *Graph, name string, in, units int, sequences bool) (*GRU, error) {
	if in <= 0 || units <= 0 {
		return nil, fmt.Errorf("graph: GRU %q: sizes must be positive. Received: in=%d, units=%d", name, in, units)
	}
	ps, err := recurrentParams(g, name, []string{"w", "u", "b", "bu"}, [][]int{{3 * units, in}, {3 * units, units}, {3 * units}, {3 * units}}, units)
	if err != nil {
		return nil, err
	}
	return &GRU{name: name, In: in, Units: units, Sequences: sequences, W: ps[0], U: ps[1], B: ps[2], BU: ps[3], g: g}, nil
}

func (l *GRU) Name() string               { return l.name }
func (l *GRU) Kind() string               { return "GRU" }
func (l *GRU) Learnables() gorgonia.Nodes { return gorgonia.Nodes{l.W, l.U, l.B, l.BU} }

// Fwd runs the layer over x, of shape (batch, in, steps).
func (l *GRU) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 3 || xs[1] != l.In {
		return nil, fmt.Errorf("graph: GRU %q: input shape %v, want a sequence (batch, %d, steps)", l.name, xs, l.In)
	}
	k := &kernels.GRU{N: xs[0], C: xs[1], T: xs[2], Units: l.Units, Sequences: l.Sequences}
	r := recurrence{name: "GRU", xs: xs, units: l.Units, seq: l.Sequences,
		fwd:   func(in [][]float32, y []float32) { k.Forward(in[0], in[1], in[2], in[3], in[4], y) },
		bwd:   func(ws [][]float32, dy []float32) { k.Backward(ws[0], ws[1], dy) },
		grads: func() [][]float32 { return [][]float32{k.DX, k.DW, k.DU, k.DB, k.DC} }}
	y, err := recurrentOp(r, !l.g.IsInput(x), x, l.W, l.U, l.B, l.BU)
	if err != nil {
		return nil, fmt.Errorf("graph: GRU %q: %w", l.name, err)
	}
	return y, nil
}

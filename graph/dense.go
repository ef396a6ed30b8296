package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Dense is a fully connected layer: act(x·W + b), with W of shape (in, out)
// initialised Glorot-uniform and b of shape (out) initialised to zero, as
// Keras does. Its parameters are named name+"/w" and name+"/b".
type Dense struct {
	name    string
	In, Out int
	Act     Activation
	W, B    *gorgonia.Node
	g       *Graph
	// noBias marks a bias-free layer (NewDenseNoBias): B is a constant
	// zero, no parameter.
	noBias bool
}

// NewDense adds the parameters of a Dense layer to g.
func NewDense(g *Graph, name string, in, out int, act Activation) (*Dense, error) {
	return newDense(g, name, in, out, act, true)
}

// newDense is NewDense, or NewDenseNoBias without bias.
func newDense(g *Graph, name string, in, out int, act Activation, bias bool) (*Dense, error) {
	if in <= 0 || out <= 0 {
		return nil, fmt.Errorf("graph: Dense %q: sizes must be positive. Received: in=%d, out=%d", name, in, out)
	}
	w, err := g.Param(name+"/w", []int{in, out}, GlorotUniform)
	if err != nil {
		return nil, err
	}
	if !bias {
		return &Dense{name: name, In: in, Out: out, Act: act, W: w, B: g.zeroBias(name, out), g: g, noBias: true}, nil
	}
	b, err := g.Param(name+"/b", []int{out}, Zeros)
	if err != nil {
		return nil, err
	}
	return &Dense{name: name, In: in, Out: out, Act: act, W: w, B: b, g: g}, nil
}

func (d *Dense) Name() string                                 { return d.name }
func (d *Dense) Kind() string                                 { return "Dense" }
func (d *Dense) Learnables() gorgonia.Nodes                   { return learnables(d.W, d.B, d.noBias) }
func (d *Dense) Activation() Activation                       { return d.Act }
func (d *Dense) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) { return d.apply(x, d.Act) }

// Preactivation returns x·W + b for x of shape (batch, in).
func (d *Dense) Preactivation(x *gorgonia.Node) (*gorgonia.Node, error) { return d.apply(x, Linear) }

// apply returns act(x·W + b), the product, bias and activation in one op
// for a built-in activation.
func (d *Dense) apply(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	if s := x.Shape(); s.Dims() != 2 || s[1] != d.In {
		return nil, fmt.Errorf("graph: Dense %q: input shape %v, want (batch, %d)", d.name, s, d.In)
	}
	withDX := !d.g.IsInput(x)
	if act.builtin() {
		y, err := affine(x, d.W, d.B, act, withDX)
		if err != nil {
			return nil, fmt.Errorf("graph: Dense %q: %w", d.name, err)
		}
		return y, nil
	}
	xw, err := matMul(x, d.W, withDX)
	if err != nil {
		return nil, fmt.Errorf("graph: Dense %q: %w", d.name, err)
	}
	return BiasActivation(xw, d.B, act)
}

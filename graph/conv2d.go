package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Conv2D is a stride-1 2-D convolution in NCHW layout with bias:
// act(conv(x, W) + b), W of shape (filters, in, kh, kw) initialised
// Glorot-uniform and b of shape (filters) zero, as Keras's Conv2D. Its
// parameters are named name+"/w" and name+"/b".
type Conv2D struct {
	name             string
	In, Filters      int
	KernelH, KernelW int
	Pad              Padding
	Act              Activation
	W, B             *gorgonia.Node
	g                *Graph
}

// NewConv2D adds the parameters of a Conv2D layer to g.
func NewConv2D(g *Graph, name string, in, filters, kernel int, pad Padding, act Activation) (*Conv2D, error) {
	if in <= 0 || filters <= 0 || kernel <= 0 {
		return nil, fmt.Errorf("graph: Conv2D %q: sizes must be positive. Received: in=%d, filters=%d, kernel=%d", name, in, filters, kernel)
	}
	w, err := g.Param(name+"/w", []int{filters, in, kernel, kernel}, GlorotUniform)
	if err != nil {
		return nil, err
	}
	b, err := g.Param(name+"/b", []int{filters}, Zeros)
	if err != nil {
		return nil, err
	}
	return &Conv2D{name: name, In: in, Filters: filters, KernelH: kernel, KernelW: kernel, Pad: pad, Act: act, W: w, B: b, g: g}, nil
}

func (c *Conv2D) Name() string                                 { return c.name }
func (c *Conv2D) Kind() string                                 { return "Conv2D" }
func (c *Conv2D) Learnables() gorgonia.Nodes                   { return gorgonia.Nodes{c.W, c.B} }
func (c *Conv2D) Activation() Activation                       { return c.Act }
func (c *Conv2D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) { return c.apply(x, c.Act) }

// Preactivation returns conv(x, W) + b for x of shape (batch, in, h, w).
func (c *Conv2D) Preactivation(x *gorgonia.Node) (*gorgonia.Node, error) { return c.apply(x, Linear) }

// apply returns act(conv(x, W) + b), the bias and activation in one op.
func (c *Conv2D) apply(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	if s := x.Shape(); s.Dims() != 4 || s[1] != c.In {
		return nil, fmt.Errorf("graph: Conv2D %q: input shape %v, want (batch, %d, h, w)", c.name, s, c.In)
	}
	y, err := conv2D(x, c.W, c.Pad, !c.g.IsInput(x))
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2D %q: %w", c.name, err)
	}
	return BiasActivation(y, c.B, act)
}

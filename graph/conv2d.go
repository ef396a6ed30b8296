package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Conv2D is a 2-D convolution in NCHW layout with bias: act(conv(x, W) +
// b), W of shape (filters, in, kh, kw) initialised Glorot-uniform and b of
// shape (filters) zero, as Keras's Conv2D. It moves by Stride rows and
// columns. Its parameters are named name+"/w" and name+"/b".
type Conv2D struct {
	name             string
	In, Filters      int
	KernelH, KernelW int
	Stride           int
	Pad              Padding
	Act              Activation
	W, B             *gorgonia.Node
	g                *Graph
	// noBias marks a bias-free layer (NewConv2DNoBias): B is a constant
	// zero, no parameter.
	noBias bool
}

// NewConv2D adds the parameters of a stride-1 Conv2D layer to g.
func NewConv2D(g *Graph, name string, in, filters, kernel int, pad Padding, act Activation) (*Conv2D, error) {
	return NewConv2DStride(g, name, in, filters, kernel, 1, pad, act)
}

// NewConv2DStride adds the parameters of a Conv2D layer moving by stride
// to g. With 'same' padding its output has ceil(h/stride) rows, the odd
// padding row going after the input, as in Keras.
func NewConv2DStride(g *Graph, name string, in, filters, kernel, stride int, pad Padding, act Activation) (*Conv2D, error) {
	return newConv2D(g, name, in, filters, kernel, stride, pad, act, true)
}

// newConv2D is NewConv2DStride, or NewConv2DNoBias without bias.
func newConv2D(g *Graph, name string, in, filters, kernel, stride int, pad Padding, act Activation, bias bool) (*Conv2D, error) {
	if in <= 0 || filters <= 0 || kernel <= 0 || stride <= 0 {
		return nil, fmt.Errorf("graph: Conv2D %q: sizes must be positive. Received: in=%d, filters=%d, kernel=%d, stride=%d", name, in, filters, kernel, stride)
	}
	if err := checkLayerSettings("Conv2D", name, pad, act); err != nil {
		return nil, err
	}
	w, err := g.Param(name+"/w", []int{filters, in, kernel, kernel}, GlorotUniform)
	if err != nil {
		return nil, err
	}
	c := &Conv2D{name: name, In: in, Filters: filters, KernelH: kernel, KernelW: kernel, Stride: stride, Pad: pad, Act: act, W: w, g: g, noBias: !bias}
	if !bias {
		c.B = g.zeroBias(name, filters)
		return c, nil
	}
	if c.B, err = g.Param(name+"/b", []int{filters}, Zeros); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Conv2D) Name() string                                 { return c.name }
func (c *Conv2D) Kind() string                                 { return "Conv2D" }
func (c *Conv2D) Learnables() gorgonia.Nodes                   { return learnables(c.W, c.B, c.noBias) }
func (c *Conv2D) Activation() Activation                       { return c.Act }
func (c *Conv2D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) { return c.apply(x, c.Act) }

// Preactivation returns conv(x, W) + b for x of shape (batch, in, h, w).
func (c *Conv2D) Preactivation(x *gorgonia.Node) (*gorgonia.Node, error) { return c.apply(x, Linear) }

// apply returns act(conv(x, W) + b), the bias and activation in the
// convolution's op.
func (c *Conv2D) apply(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	if s := x.Shape(); s.Dims() != 4 || s[1] != c.In {
		return nil, fmt.Errorf("graph: Conv2D %q: input shape %v, want (batch, %d, h, w)", c.name, s, c.In)
	}
	y, err := conv2DBiasAct(x, c.W, c.B, c.Pad, max(c.Stride, 1), !c.g.IsInput(x), act)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2D %q: %w", c.name, err)
	}
	return y, nil
}

// checkLayerSettings validates a layer's padding and activation, so that a
// bad value fails when the layer is made rather than when it is applied.
func checkLayerSettings(kind, name string, pad Padding, act Activation) error {
	if pad != Same && pad != Valid {
		return fmt.Errorf("graph: %s %q: unknown padding %v", kind, name, pad)
	}
	if !act.valid() {
		return fmt.Errorf("graph: %s %q: unknown activation %v", kind, name, act)
	}
	return nil
}

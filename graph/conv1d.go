package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Conv1D is Keras's Conv1D on sequences in (batch, channels, steps)
// layout: act(conv(x, W) + b), W of shape (filters, in, kernel), PyTorch's
// Conv1d and ONNX's Conv layout, initialised Glorot-uniform, and b of
// shape (filters) zero. It moves by Stride steps; 'same' padding places
// the odd padding step after the input, as TensorFlow does. Its
// parameters are named name+"/w" and name+"/b".
type Conv1D struct {
	name           string
	kind           string
	In, Filters    int
	Kernel, Stride int
	Pad            Padding
	Act            Activation
	W, B           *gorgonia.Node
	g              *Graph
	transposed     bool
}

// NewConv1D adds the parameters of a Conv1D layer to g.
func NewConv1D(g *Graph, name string, in, filters, kernel, stride int, pad Padding, act Activation) (*Conv1D, error) {
	return newConv1D(g, "Conv1D", name, in, filters, kernel, stride, pad, act, false)
}

// NewConv1DTranspose adds the parameters of Keras's Conv1DTranspose to g:
// act(convᵀ(x, W) + b), each input step adding its value times a kernel
// into a window of the output, the windows moving by stride; 'same'
// padding gives steps·stride steps, 'valid' steps·stride + max(kernel -
// stride, 0). W has shape (in, filters, kernel), PyTorch's
// ConvTranspose1d and ONNX's ConvTranspose layout.
func NewConv1DTranspose(g *Graph, name string, in, filters, kernel, stride int, pad Padding, act Activation) (*Conv1D, error) {
	return newConv1D(g, "Conv1DTranspose", name, in, filters, kernel, stride, pad, act, true)
}

// NewTimeDense adds the parameters of Keras's TimeDistributed(Dense) to
// g: the dense layer act(W·x_t + b) applied to every step t of a sequence
// (batch, in, steps), giving (batch, units, steps). It is a Conv1D of
// kernel 1, W of shape (units, in, 1).
func NewTimeDense(g *Graph, name string, in, units int, act Activation) (*Conv1D, error) {
	return newConv1D(g, "TimeDistributed(Dense)", name, in, units, 1, 1, Same, act, false)
}

func newConv1D(g *Graph, kind, name string, in, filters, kernel, stride int, pad Padding, act Activation, transposed bool) (*Conv1D, error) {
	if in <= 0 || filters <= 0 || kernel <= 0 || stride <= 0 {
		return nil, fmt.Errorf("graph: %s %q: sizes must be positive. Received: in=%d, filters=%d, kernel=%d, stride=%d", kind, name, in, filters, kernel, stride)
	}
	if err := checkLayerSettings(kind, name, pad, act); err != nil {
		return nil, err
	}
	shape := []int{filters, in, kernel}
	if transposed {
		shape = []int{in, filters, kernel}
	}
	w, err := g.Param(name+"/w", shape, GlorotUniform)
	if err != nil {
		return nil, err
	}
	b, err := g.Param(name+"/b", []int{filters}, Zeros)
	if err != nil {
		return nil, err
	}
	return &Conv1D{name: name, kind: kind, In: in, Filters: filters, Kernel: kernel, Stride: stride, Pad: pad, Act: act,
		W: w, B: b, g: g, transposed: transposed}, nil
}

func (c *Conv1D) Name() string                                 { return c.name }
func (c *Conv1D) Kind() string                                 { return c.kind }
func (c *Conv1D) Learnables() gorgonia.Nodes                   { return gorgonia.Nodes{c.W, c.B} }
func (c *Conv1D) Activation() Activation                       { return c.Act }
func (c *Conv1D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) { return c.apply(x, c.Act) }

// Preactivation returns the layer's output before its activation.
func (c *Conv1D) Preactivation(x *gorgonia.Node) (*gorgonia.Node, error) { return c.apply(x, Linear) }

func (c *Conv1D) apply(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	if s := x.Shape(); s.Dims() != 3 || s[1] != c.In {
		return nil, fmt.Errorf("graph: %s %q: input shape %v, want (batch, %d, steps)", c.kind, c.name, s, c.In)
	}
	withDX := !c.g.IsInput(x)
	var y *gorgonia.Node
	var err error
	if c.transposed {
		if y, err = Conv1DTransposeOp(x, c.W, c.Pad, c.Stride, withDX); err == nil {
			y, err = BiasActivation(y, c.B, act)
		}
	} else {
		y, err = Conv1DOp(x, c.W, c.B, c.Pad, c.Stride, withDX, act)
	}
	if err != nil {
		return nil, fmt.Errorf("graph: %s %q: %w", c.kind, c.name, err)
	}
	return y, nil
}

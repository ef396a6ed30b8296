package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Conv2DTranspose is Keras's Conv2DTranspose in NCHW layout: act(convᵀ(x,
// W) + b), each input cell adding its value times a kh×kw kernel into a
// window of the output, the windows moving by Stride. 'same' padding gives
// h·Stride rows, 'valid' h·Stride + max(kh - Stride, 0). W has shape (in,
// filters, kh, kw), PyTorch's ConvTranspose2d layout, and is initialised
// Glorot-uniform with Keras's fans for this layer (fan in filters·kh·kw,
// fan out in·kh·kw); b of shape (filters) is zero. Its parameters are named
// name+"/w" and name+"/b".
type Conv2DTranspose struct {
	name             string
	In, Filters      int
	KernelH, KernelW int
	Stride           int
	Pad              Padding
	Act              Activation
	W, B             *gorgonia.Node
	g                *Graph
}

// NewConv2DTranspose adds the parameters of a Conv2DTranspose layer to g.
func NewConv2DTranspose(g *Graph, name string, in, filters, kernel, stride int, pad Padding, act Activation) (*Conv2DTranspose, error) {
	if in <= 0 || filters <= 0 || kernel <= 0 || stride <= 0 {
		return nil, fmt.Errorf("graph: Conv2DTranspose %q: sizes must be positive. Received: in=%d, filters=%d, kernel=%d, stride=%d", name, in, filters, kernel, stride)
	}
	if err := checkLayerSettings("Conv2DTranspose", name, pad, act); err != nil {
		return nil, err
	}
	// GlorotUniform reads (in, filters, kh, kw) as fan in in·kh·kw and fan
	// out filters·kh·kw, Keras the other way round; the limit depends on
	// their sum only.
	w, err := g.Param(name+"/w", []int{in, filters, kernel, kernel}, GlorotUniform)
	if err != nil {
		return nil, err
	}
	b, err := g.Param(name+"/b", []int{filters}, Zeros)
	if err != nil {
		return nil, err
	}
	return &Conv2DTranspose{name: name, In: in, Filters: filters, KernelH: kernel, KernelW: kernel, Stride: stride, Pad: pad, Act: act, W: w, B: b, g: g}, nil
}

func (c *Conv2DTranspose) Name() string               { return c.name }
func (c *Conv2DTranspose) Kind() string               { return "Conv2DTranspose" }
func (c *Conv2DTranspose) Learnables() gorgonia.Nodes { return gorgonia.Nodes{c.W, c.B} }
func (c *Conv2DTranspose) Activation() Activation     { return c.Act }
func (c *Conv2DTranspose) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	return c.apply(x, c.Act)
}

// Preactivation returns convᵀ(x, W) + b for x of shape (batch, in, h, w).
func (c *Conv2DTranspose) Preactivation(x *gorgonia.Node) (*gorgonia.Node, error) {
	return c.apply(x, Linear)
}

func (c *Conv2DTranspose) apply(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	if s := x.Shape(); s.Dims() != 4 || s[1] != c.In {
		return nil, fmt.Errorf("graph: Conv2DTranspose %q: input shape %v, want (batch, %d, h, w)", c.name, s, c.In)
	}
	y, err := conv2DTranspose(x, c.W, c.Pad, c.Stride, !c.g.IsInput(x))
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2DTranspose %q: %w", c.name, err)
	}
	return BiasActivation(y, c.B, act)
}

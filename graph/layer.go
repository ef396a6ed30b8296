package graph

import "gorgonia.org/gorgonia"

// Layer is one step of a network: a value holding its parameter nodes in
// one graph, whose Fwd adds its computation on an input node.
type Layer interface {
	// Name is the layer's stable name, the prefix of its parameters' names.
	Name() string
	// Kind names the layer type, as in a Keras summary: "Dense", "Conv2D".
	Kind() string
	// Fwd adds the layer's computation on x to the graph.
	Fwd(x *gorgonia.Node) (*gorgonia.Node, error)
	// Learnables returns the layer's parameter nodes.
	Learnables() gorgonia.Nodes
}

// Activated is a Layer whose last step is an activation: Fwd(x) is
// Activation().Apply(Preactivation(x)). Losses that work on logits, like
// BinaryCrossEntropyWithLogits, use Preactivation.
type Activated interface {
	Layer
	Preactivation(x *gorgonia.Node) (*gorgonia.Node, error)
	Activation() Activation
}

// Forward applies layers in order. A relu or linear convolution followed by
// 2×2 max-pooling runs as one op, which gives the same values.
func Forward(x *gorgonia.Node, layers ...Layer) (*gorgonia.Node, error) {
	var err error
	for i := 0; i < len(layers); i++ {
		if c, p, ok := convThenPool(layers[i:]); ok && poolsFused(c, p, x) {
			if x, err = c.fwdPool(x); err != nil {
				return nil, err
			}
			i++
			continue
		}
		if x, err = layers[i].Fwd(x); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// convThenPool returns the first two layers when they are a convolution
// and a max-pooling.
func convThenPool(layers []Layer) (*Conv2D, *MaxPool2D, bool) {
	if len(layers) < 2 {
		return nil, nil, false
	}
	c, ok1 := layers[0].(*Conv2D)
	p, ok2 := layers[1].(*MaxPool2D)
	return c, p, ok1 && ok2
}

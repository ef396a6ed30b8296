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

// Forward applies layers in order.
func Forward(x *gorgonia.Node, layers ...Layer) (*gorgonia.Node, error) {
	var err error
	for _, l := range layers {
		if x, err = l.Fwd(x); err != nil {
			return nil, err
		}
	}
	return x, nil
}

package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

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

// Forward applies layers in order. Two pairs of layers run as one op each,
// which gives the same values: a relu or linear convolution followed by
// 2×2 max-pooling, and 2×2 upsampling followed by a stride-1 convolution.
func Forward(x *gorgonia.Node, layers ...Layer) (*gorgonia.Node, error) {
	return forward(x, layers, false)
}

// ForwardLogits is Forward with the last layer's pre-activation (its
// logits) in place of its output: what a loss on logits takes. The last
// layer must be Activated.
func ForwardLogits(x *gorgonia.Node, layers ...Layer) (*gorgonia.Node, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("graph: no layers to take the logits of")
	}
	if _, ok := layers[len(layers)-1].(Activated); !ok {
		return nil, fmt.Errorf("graph: output layer %s has no activation", layers[len(layers)-1].Name())
	}
	return forward(x, layers, true)
}

// forward applies layers, the last one without its activation if logits.
func forward(x *gorgonia.Node, layers []Layer, logits bool) (*gorgonia.Node, error) {
	var err error
	for i := 0; i < len(layers); i++ {
		last := logits && i+2 == len(layers)
		if y, ok, err := fusedPair(x, layers[i:], last); ok || err != nil {
			if err != nil {
				return nil, err
			}
			x = y
			i++
			continue
		}
		if logits && i+1 == len(layers) {
			return layers[i].(Activated).Preactivation(x)
		}
		if x, err = layers[i].Fwd(x); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// fusedPair applies the first two layers to x as one op, if they are a
// pair that Forward fuses, the second without its activation if linear;
// ok says whether they were.
func fusedPair(x *gorgonia.Node, layers []Layer, linear bool) (y *gorgonia.Node, ok bool, err error) {
	if len(layers) < 2 {
		return nil, false, nil
	}
	switch l := layers[0].(type) {
	case *Conv2D:
		if p, isPool := layers[1].(*MaxPool2D); isPool && !linear && poolsFused(l, p, x) {
			y, err = l.fwdPool(x)
			return y, true, err
		}
	case *Upsample2D:
		if c, isConv := layers[1].(*Conv2D); isConv && upsampleFused(l, c, x) {
			act := c.Act
			if linear {
				act = Linear
			}
			y, err = c.fwdUp(x, act)
			return y, true, err
		}
	}
	return nil, false, nil
}

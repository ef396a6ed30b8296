package graph

import "gorgonia.org/gorgonia"

// NewDenseNoBias adds a bias-free Dense layer to g: act(x·W), its only
// parameter name+"/w". Deep SVDD needs such layers, whose constant
// outputs would otherwise let the encoder map every input onto the
// centre (Ruff et al. 2018, proposition 2).
func NewDenseNoBias(g *Graph, name string, in, out int, act Activation) (*Dense, error) {
	return newDense(g, name, in, out, act, false)
}

// NewConv2DNoBias adds a bias-free Conv2D layer to g: act(conv(x, W)), its
// only parameter name+"/w".
func NewConv2DNoBias(g *Graph, name string, in, filters, kernel, stride int, pad Padding, act Activation) (*Conv2D, error) {
	return newConv2D(g, name, in, filters, kernel, stride, pad, act, false)
}

// zeroBias returns a constant node of n zeros standing for the bias of a
// bias-free layer, so that the layer runs the same fused ops as one with
// a bias; it is no parameter, and nothing trains it.
func (g *Graph) zeroBias(name string, n int) *gorgonia.Node {
	return constVector(g, name+"/nobias", make([]float32, n))
}

// learnables returns a layer's weight and, unless noBias, its bias.
func learnables(w, b *gorgonia.Node, noBias bool) gorgonia.Nodes {
	if noBias {
		return gorgonia.Nodes{w}
	}
	return gorgonia.Nodes{w, b}
}

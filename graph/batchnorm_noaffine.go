package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// NewBatchNormNoAffine adds a BatchNorm layer without the affine map
// (PyTorch's BatchNorm2d(affine=False)): y = (x - mean)/sqrt(var +
// Epsilon), gamma and beta constant ones and zeros that are no
// parameters. Its only entries in the store are its moving statistics.
func NewBatchNormNoAffine(g *Graph, name string, channels int) (*BatchNorm, error) {
	if channels <= 0 {
		return nil, fmt.Errorf("graph: BatchNormalization %q: channels must be positive. Received: channels=%d", name, channels)
	}
	b := &BatchNorm{name: name, Channels: channels, Momentum: 0.99, Epsilon: BatchNormEpsilon, g: g, noAffine: true}
	ones := make([]float32, channels)
	for i := range ones {
		ones[i] = 1
	}
	b.Gamma = constVector(g, name+"/gamma_const", ones)
	b.Beta = constVector(g, name+"/beta_const", make([]float32, channels))
	var err error
	shape := []int{channels}
	if b.MovingMean, err = g.State(name+"/moving_mean", shape, Zeros); err != nil {
		return nil, err
	}
	if b.MovingVar, err = g.State(name+"/moving_var", shape, Ones); err != nil {
		return nil, err
	}
	return b, nil
}

// constVector returns a node holding v, which is no parameter.
func constVector(g *Graph, name string, v []float32) *gorgonia.Node {
	t := tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v))
	return gorgonia.NodeFromAny(g.ExprGraph, t, gorgonia.WithName(name))
}

// affineLearnables returns gamma and beta, or nothing without the affine
// map.
func affineLearnables(b *BatchNorm) gorgonia.Nodes {
	if b.noAffine {
		return nil
	}
	return gorgonia.Nodes{b.Gamma, b.Beta}
}

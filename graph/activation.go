package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// Activation is an element-wise function applied after a layer's affine map.
type Activation int

const (
	// Linear is the identity.
	Linear Activation = iota
	// ReLU is max(x, 0).
	ReLU
	// Sigmoid is 1 / (1 + exp(-x)).
	Sigmoid
)

// ParseActivation returns the activation named "linear", "relu" or "sigmoid".
func ParseActivation(s string) (Activation, error) {
	for _, a := range []Activation{Linear, ReLU, Sigmoid} {
		if a.String() == s {
			return a, nil
		}
	}
	return 0, fmt.Errorf("graph: unknown activation %q (want linear, relu or sigmoid)", s)
}

func (a Activation) String() string {
	switch a {
	case Linear:
		return "linear"
	case ReLU:
		return "relu"
	case Sigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Apply adds the activation of x to x's graph.
func (a Activation) Apply(x *gorgonia.Node) (*gorgonia.Node, error) {
	switch a {
	case Linear:
		return x, nil
	case ReLU, Sigmoid:
		return activationOp(x, a)
	}
	return nil, fmt.Errorf("graph: unknown activation %v", a)
}

package graph

import (
	"fmt"
	"math/rand/v2"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Graph is a Gorgonia expression graph whose parameter nodes are bound to
// the tensors of a shared Params store.
//
// A graph is for inference unless SetTraining makes it a training graph.
// Inference graphs are deterministic: Dropout is the identity and
// BatchNorm uses its moving statistics. A training graph owns a random
// source that its random ops draw from when they run.
type Graph struct {
	*gorgonia.ExprGraph
	params *Params
	nodes  map[string]*gorgonia.Node
	order  gorgonia.Nodes // trainable parameter nodes in creation order
	inputs map[*gorgonia.Node]bool
	rng    *rand.Rand
	terms  []LossTerm
	// sampler, when set, is the source of Reparameterize in a graph that
	// is not training (validation of a variational autoencoder).
	sampler *rand.Rand
	// serial numbers the graph's random ops, so that Gorgonia never merges
	// two of them as one common subexpression.
	serial int
}

// New returns an empty inference graph over the parameter store p.
func New(p *Params) *Graph {
	g := &Graph{ExprGraph: gorgonia.NewGraph(), params: p, nodes: map[string]*gorgonia.Node{}, inputs: map[*gorgonia.Node]bool{}}
	register(g)
	return g
}

// Params returns the store the graph's parameters live in.
func (g *Graph) Params() *Params { return g.params }

// SetTraining makes g a training graph whose random ops (Dropout,
// RandomNormal, RandomUniform) draw from rng when they run, in the order
// the machine runs them, so that a seeded rng gives the same values on
// every rerun. Layers read the mode when they are applied, so call it
// before building the graph's layers; the source may be replaced later.
// A nil rng makes g an inference graph again for the layers applied after
// the call; random ops already in the graph then fail when they run.
func (g *Graph) SetTraining(rng *rand.Rand) { g.rng = rng }

// Training reports whether g is a training graph.
func (g *Graph) Training() bool { return g != nil && g.rng != nil }

// Rand returns the random source of a training graph, nil for an inference
// graph.
func (g *Graph) Rand() *rand.Rand {
	if g == nil {
		return nil
	}
	return g.rng
}

// nextSerial returns a number unique among the graph's random ops.
func (g *Graph) nextSerial() int {
	g.serial++
	return g.serial
}

// Param returns the node of the named trainable parameter, creating the
// tensor in the store with init if it does not exist yet, and the node in
// this graph if this graph has none.
func (g *Graph) Param(name string, shape []int, init Initializer) (*gorgonia.Node, error) {
	return g.param(name, shape, init, false)
}

// State returns the node of the named state parameter: a tensor saved with
// the weights but not trained, such as a moving mean, which ops update in
// place. It is created with init like a parameter, but it is not among the
// graph's Learnables nor the store's TrainableNames.
func (g *Graph) State(name string, shape []int, init Initializer) (*gorgonia.Node, error) {
	return g.param(name, shape, init, true)
}

func (g *Graph) param(name string, shape []int, init Initializer, state bool) (*gorgonia.Node, error) {
	if n, ok := g.nodes[name]; ok {
		if !sameShape(n.Shape(), shape) {
			return nil, fmt.Errorf("graph: parameter %q has shape %v, layer wants %v", name, n.Shape(), shape)
		}
		if g.params.state[name] != state {
			return nil, fmt.Errorf("graph: parameter %q is %s, layer wants %s", name, kindOf(g.params.state[name]), kindOf(state))
		}
		return n, nil
	}
	t, err := g.params.get(name, shape, init, state)
	if err != nil {
		return nil, err
	}
	n := gorgonia.NodeFromAny(g.ExprGraph, t, gorgonia.WithName(name))
	g.nodes[name] = n
	if !state {
		g.order = append(g.order, n)
	}
	return n, nil
}

// Learnables returns the trainable parameter nodes of this graph in
// creation order; state is not among them.
func (g *Graph) Learnables() gorgonia.Nodes { return append(gorgonia.Nodes(nil), g.order...) }

// Input adds a float32 input node of the given shape, bound to a zeroed
// tensor that callers fill in place before each run.
func (g *Graph) Input(name string, shape ...int) *gorgonia.Node {
	t := tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(shape...))
	n := gorgonia.NodeFromAny(g.ExprGraph, t, gorgonia.WithName(name))
	g.inputs[n] = true
	return n
}

// NewInput is g.Input as a function, for callers that cannot call the
// methods of Graph: gophernotes, whose interpreter mismatches the methods
// Graph promotes from the embedded *gorgonia.ExprGraph.
func NewInput(g *Graph, name string, shape ...int) *gorgonia.Node { return g.Input(name, shape...) }

// IsInput reports whether n is a data input made by Input. Layers applied
// directly to one skip the gradient of their input, which nothing needs.
func (g *Graph) IsInput(n *gorgonia.Node) bool { return g != nil && g.inputs[n] }

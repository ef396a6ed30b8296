package graph

import (
	"fmt"
	"math/rand/v2"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Graph is a Gorgonia expression graph whose parameter nodes are bound to
// the tensors of a shared Params store.
type Graph struct {
	*gorgonia.ExprGraph
	params *Params
	nodes  map[string]*gorgonia.Node
	order  gorgonia.Nodes
	inputs map[*gorgonia.Node]bool
	rng    *rand.Rand
	terms  []LossTerm
}

// New returns an empty graph over the parameter store p.
func New(p *Params) *Graph {
	return &Graph{ExprGraph: gorgonia.NewGraph(), params: p, nodes: map[string]*gorgonia.Node{}, inputs: map[*gorgonia.Node]bool{}}
}

// Params returns the store the graph's parameters live in.
func (g *Graph) Params() *Params { return g.params }

// Param returns the node of the named parameter, creating the tensor in the
// store with init if it does not exist yet, and the node in this graph if
// this graph has none.
func (g *Graph) Param(name string, shape []int, init Initializer) (*gorgonia.Node, error) {
	if n, ok := g.nodes[name]; ok {
		if !sameShape(n.Shape(), shape) {
			return nil, fmt.Errorf("graph: parameter %q has shape %v, layer wants %v", name, n.Shape(), shape)
		}
		return n, nil
	}
	t, err := g.params.get(name, shape, init)
	if err != nil {
		return nil, err
	}
	n := gorgonia.NodeFromAny(g.ExprGraph, t, gorgonia.WithName(name))
	g.nodes[name] = n
	g.order = append(g.order, n)
	return n, nil
}

// Learnables returns the parameter nodes of this graph in creation order.
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

// SetTraining makes g a training graph whose random ops (dropout, noise,
// sampling) draw from rng when they run, in the order the machine runs
// them, so that a seeded rng gives the same run twice. Graphs are inference
// graphs until then: their random layers are deterministic.
func (g *Graph) SetTraining(rng *rand.Rand) { g.rng = rng }

// Training reports whether g is a training graph.
func (g *Graph) Training() bool { return g.rng != nil }

// Rand returns the random source of a training graph, nil for an inference
// graph.
func (g *Graph) Rand() *rand.Rand { return g.rng }

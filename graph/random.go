package graph

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ErrNotTraining is returned when an op that needs randomness is added to an
// inference graph, and by random ops that run after their graph lost its
// random source.
var ErrNotTraining = errors.New("graph: the graph is not a training graph (see Graph.SetTraining)")

// RandomNormal returns a node of the given shape whose value is fresh
// standard normal noise, drawn from g.Rand() every time the graph runs. It
// is not differentiated. g must be a training graph.
func RandomNormal(g *Graph, name string, shape ...int) (*gorgonia.Node, error) {
	return randomNode(g, "RandomNormal", name, shape, func(rng *rand.Rand, out []float32) {
		for i := range out {
			out[i] = float32(rng.NormFloat64())
		}
	})
}

// RandomUniform returns a node of the given shape whose value is fresh
// noise uniform in [0, 1), drawn from g.Rand() every time the graph runs.
// It is not differentiated. g must be a training graph.
func RandomUniform(g *Graph, name string, shape ...int) (*gorgonia.Node, error) {
	return randomNode(g, "RandomUniform", name, shape, func(rng *rand.Rand, out []float32) {
		for i := range out {
			out[i] = rng.Float32()
		}
	})
}

func randomNode(g *Graph, kind, name string, shape []int, fill func(*rand.Rand, []float32)) (*gorgonia.Node, error) {
	if !g.Training() {
		return nil, fmt.Errorf("graph: %s %q: %w", kind, name, ErrNotTraining)
	}
	if len(shape) == 0 {
		return nil, fmt.Errorf("graph: %s %q: no shape", kind, name)
	}
	for _, d := range shape {
		if d <= 0 {
			return nil, fmt.Errorf("graph: %s %q: bad shape %v", kind, name, shape)
		}
	}
	s := tensor.Shape(append([]int(nil), shape...))
	id := g.nextSerial()
	// A random op has no data input; a scalar placeholder gives it one,
	// as Gorgonia applies ops to at least one node.
	trigger := gorgonia.NodeFromAny(g.ExprGraph, gorgonia.NewF32(0), gorgonia.WithName(fmt.Sprintf("%s#%d/trigger", name, id)))
	op := &kernelOp{
		desc:    fmt.Sprintf("%s%v,%q#%d", kind, s, name, id),
		inDims:  []int{0},
		outDims: len(s),
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return s.Clone(), nil },
		sets:    true,
		ready:   g.needRand,
		fwd: func(out []float32, _ [][]float32, _ []tensor.Shape) {
			fill(g.rng, out)
		},
	}
	n, err := gorgonia.ApplyOp(op, trigger)
	if err != nil {
		return nil, fmt.Errorf("graph: %s %q: %w", kind, name, err)
	}
	gorgonia.WithName(name)(n)
	return n, nil
}

// needRand fails when a random op runs in a graph without a random source.
func (g *Graph) needRand() error {
	if g.rng == nil {
		return ErrNotTraining
	}
	return nil
}

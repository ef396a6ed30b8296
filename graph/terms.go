package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// LossTerm is a named part of a loss: the reconstruction error, an L1 or KL
// penalty. The trainer reports each term next to the total, as Keras
// reports the terms of add_loss.
type LossTerm struct {
	Name string
	Node *gorgonia.Node // a scalar
}

// AddLossTerm records n, a scalar node of g, as the loss term name. A loss
// whose graph records terms reports them; the terms should add up to the
// loss.
func (g *Graph) AddLossTerm(name string, n *gorgonia.Node) error {
	if name == "" || name == "loss" {
		return fmt.Errorf("graph: loss term name %q is reserved", name)
	}
	if n == nil || !n.Shape().IsScalar() {
		return fmt.Errorf("graph: loss term %q must be a scalar node", name)
	}
	for _, t := range g.terms {
		if t.Name == name {
			return fmt.Errorf("graph: loss term %q recorded twice", name)
		}
	}
	g.terms = append(g.terms, LossTerm{name, n})
	return nil
}

// LossTerms returns the terms recorded by AddLossTerm, in order.
func (g *Graph) LossTerms() []LossTerm { return append([]LossTerm(nil), g.terms...) }

package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
)

// LossName returns the net's loss, "bce" or "mse": the trainer then holds
// its targets and its value to what graph.LossKinds says of it
// (train.LossNamer).
func (a *Autoencoder) LossName() string { return a.plan.spec.LossName() }

// Loss adds the training loss of the autoencoder on input x against target
// y to g: binary cross-entropy computed from the logits, or mean squared
// error, each the mean per value, plus the spec's penalties. When there
// are penalties, each part is recorded as a loss term of g
// ("reconstruction", "l1"), which the trainer reports next to the total.
func (a *Autoencoder) Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error) {
	s := a.plan.spec
	kind, err := s.Loss.Kind()
	if err != nil {
		return nil, fmt.Errorf("nets: %w", err)
	}
	b, err := a.apply(g, x, !kind.Logits)
	if err != nil {
		return nil, err
	}
	pred := b.Output
	if kind.Logits {
		pred = b.Logits
	}
	loss, err := kind.Build(pred, y)
	if err != nil {
		return nil, err
	}
	if s.VAE {
		// summed over the input's values, as Keras multiplies by original_dim
		if loss, err = gorgonia.Mul(loss, gorgonia.NewConstant(float32(size(s.Input)))); err != nil {
			return nil, err
		}
	}
	terms := []graph.LossTerm{{Name: "reconstruction", Node: loss}}
	if s.VAE {
		kl, err := graph.KLDivergence(b.Code, b.LogVar)
		if err != nil {
			return nil, err
		}
		if s.KLWeight() != 1 {
			if kl, err = gorgonia.Mul(kl, gorgonia.NewConstant(float32(s.KLWeight()))); err != nil {
				return nil, err
			}
		}
		terms = append(terms, graph.LossTerm{Name: "kl", Node: kl})
	}
	if s.L1 > 0 {
		pen, err := graph.L1Activity(b.Code, s.L1)
		if err != nil {
			return nil, err
		}
		terms = append(terms, graph.LossTerm{Name: "l1", Node: pen})
	}
	if s.Contractive > 0 {
		enc, ok := b.Net.Encoder[0].(*graph.Dense)
		if !ok {
			return nil, fmt.Errorf("nets: the contractive penalty needs a dense encoder")
		}
		pen, err := graph.ContractivePenalty(b.Code, enc.W, enc.Act, s.Contractive)
		if err != nil {
			return nil, err
		}
		terms = append(terms, graph.LossTerm{Name: "contractive", Node: pen})
	}
	return sumTerms(g, terms)
}

// sumTerms adds the terms up; with more than one, it records each in g.
func sumTerms(g *graph.Graph, terms []graph.LossTerm) (*gorgonia.Node, error) {
	total := terms[0].Node
	for _, t := range terms[1:] {
		var err error
		if total, err = gorgonia.Add(total, t.Node); err != nil {
			return nil, err
		}
	}
	if len(terms) > 1 {
		for _, t := range terms {
			if err := g.AddLossTerm(t.Name, t.Node); err != nil {
				return nil, err
			}
		}
	}
	return total, nil
}

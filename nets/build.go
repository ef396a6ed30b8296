package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
)

// layer adds the planned layer's parameters to g.
func (p planned) layer(g *graph.Graph) (graph.Layer, error) {
	k, ok := kindOf(p.Type)
	if !ok {
		return nil, fmt.Errorf("nets: %s: unknown layer type %q", p.name, p.Type)
	}
	return k.build(g, p)
}

// layers adds a planned stack to g.
func layers(g *graph.Graph, ps []planned) ([]graph.Layer, error) {
	out := make([]graph.Layer, 0, len(ps))
	for _, p := range ps {
		l, err := p.layer(g)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// The build functions of the table of kinds.

func buildDense(g *graph.Graph, p planned) (graph.Layer, error) {
	act, _, err := p.settings()
	if err != nil {
		return nil, err
	}
	if !p.hasBias() {
		return graph.NewDenseNoBias(g, p.name, p.in[0], p.Units, act)
	}
	return graph.NewDense(g, p.name, p.in[0], p.Units, act)
}

func buildConv(g *graph.Graph, p planned) (graph.Layer, error) {
	act, pad, err := p.settings()
	if err != nil {
		return nil, err
	}
	if !p.hasBias() {
		return graph.NewConv2DNoBias(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
	}
	return graph.NewConv2DStride(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
}

func buildConvTranspose(g *graph.Graph, p planned) (graph.Layer, error) {
	act, pad, err := p.settings()
	if err != nil {
		return nil, err
	}
	return graph.NewConv2DTranspose(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
}

func buildPool(_ *graph.Graph, p planned) (graph.Layer, error) {
	_, pad, err := p.settings()
	if err != nil {
		return nil, err
	}
	return graph.NewMaxPool2D(p.name, p.window(), pad), nil
}

func buildUpsample(_ *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewUpsample2D(p.name, p.window()), nil
}

func buildFlatten(_ *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewFlatten(p.name), nil
}

func buildReshape(_ *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewReshape(p.name, p.Shape)
}

func buildDropout(_ *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewDropout(p.name, p.Rate)
}

func buildBatchNorm(g *graph.Graph, p planned) (graph.Layer, error) {
	act, _, err := p.settings()
	if err != nil {
		return nil, err
	}
	newBN := graph.NewBatchNorm
	if !p.affine() {
		newBN = graph.NewBatchNormNoAffine
	}
	b, err := newBN(g, p.name, p.in[0])
	if err != nil {
		return nil, err
	}
	b.Act = act
	if p.Epsilon != 0 {
		if !(p.Epsilon > 0) {
			return nil, fmt.Errorf("nets: %s: epsilon must be positive, got %g", p.name, p.Epsilon)
		}
		b.Epsilon = p.Epsilon
	}
	return b, nil
}

func buildConcrete(g *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewConcrete(g, p.name, p.in[0], p.Units)
}

package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
)

// layer adds the planned layer's parameters to g.
func (p planned) layer(g *graph.Graph) (graph.Layer, error) {
	act, err := p.activation()
	if err != nil {
		return nil, err
	}
	pad, err := p.padding()
	if err != nil {
		return nil, err
	}
	switch p.Type {
	case TypeDense:
		return graph.NewDense(g, p.name, p.in[0], p.Units, act)
	case TypeConv2D:
		return graph.NewConv2DStride(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
	case TypeConv2DTranspose:
		return graph.NewConv2DTranspose(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
	case TypeMaxPool2D:
		return graph.NewMaxPool2D(p.name, p.window(), pad), nil
	case TypeUpSample2D:
		return graph.NewUpsample2D(p.name, p.window()), nil
	case TypeFlatten:
		return graph.NewFlatten(p.name), nil
	case TypeReshape:
		return graph.NewReshape(p.name, p.Shape)
	case TypeDropout:
		return graph.NewDropout(p.name, p.Rate)
	case TypeBatchNorm:
		return graph.NewBatchNorm(g, p.name, p.in[0])
	case TypeConcrete:
		return graph.NewConcrete(g, p.name, p.in[0], p.Units)
	}
	return nil, fmt.Errorf("nets: %s: unknown layer type %q", p.name, p.Type)
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

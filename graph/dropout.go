package graph

import (
	"fmt"
	"math"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Dropout is Keras's Dropout, inverted: in a training graph each value is
// kept with probability 1 - Rate and scaled by 1/(1 - Rate), the others set
// to zero; in an inference graph it is the identity. It has no parameters.
type Dropout struct {
	name string
	Rate float64
}

// NewDropout returns a Dropout layer dropping a fraction rate, in [0, 1),
// of its input.
func NewDropout(name string, rate float64) (*Dropout, error) {
	if !(rate >= 0 && rate < 1) {
		return nil, fmt.Errorf("graph: Dropout %q: rate must be in [0, 1). Received: rate=%v", name, rate)
	}
	return &Dropout{name: name, Rate: rate}, nil
}

func (d *Dropout) Name() string               { return d.name }
func (d *Dropout) Kind() string               { return "Dropout" }
func (d *Dropout) Learnables() gorgonia.Nodes { return nil }

// Fwd returns x with dropout applied if x's graph is a training graph, and
// x itself otherwise. The mask is drawn from the graph's Rand when the
// graph runs, fresh every run; the gradient uses the same mask.
func (d *Dropout) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	g := graphOf(x)
	if !g.Training() || d.Rate == 0 {
		return x, nil
	}
	xs := x.Shape().Clone()
	if xs.Dims() < 1 {
		return nil, fmt.Errorf("graph: Dropout %q: input shape %v, want a tensor", d.name, xs)
	}
	id := g.nextSerial()
	// A value is dropped when 32 random bits, read as a fraction of 2³²,
	// fall below the rate.
	threshold := uint32(math.Min(d.Rate*(1<<32), math.MaxUint32))
	scale := float32(1 / (1 - d.Rate))
	var mask []float32 // the last forward run's mask, read by the gradient
	op := &kernelOp{
		desc:    fmt.Sprintf("Dropout%v,%q,%g#%d", xs, d.name, d.Rate, id),
		inDims:  []int{xs.Dims()},
		outDims: xs.Dims(),
		shape:   func(in []tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
		sets:    true,
		ready:   g.needRand,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			if len(mask) != len(out) {
				mask = make([]float32, len(out))
			}
			drawMask(g, mask, threshold, scale)
			for i, v := range in[0] {
				out[i] = v * mask[i]
			}
		},
		diffWRT: []bool{true},
	}
	op.diff = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dx, err := gorgonia.ApplyOp(&kernelOp{
			desc:    fmt.Sprintf("DropoutGrad%v,%q,%g#%d", xs, d.name, d.Rate, id),
			inDims:  []int{xs.Dims()},
			outDims: xs.Dims(),
			shape:   func(in []tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			sets:    true,
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				for i, v := range in[0] {
					dx[i] = v * mask[i]
				}
			},
		}, grad)
		return gorgonia.Nodes{dx}, err
	}
	y, err := gorgonia.ApplyOp(op, x)
	if err != nil {
		return nil, fmt.Errorf("graph: Dropout %q: %w", d.name, err)
	}
	return y, nil
}

// drawMask sets each mask value to scale, or to 0 where 32 bits of g's
// random source fall below threshold, two values per draw.
func drawMask(g *Graph, mask []float32, threshold uint32, scale float32) {
	rng := g.rng
	for i := 0; i < len(mask); i += 2 {
		u := rng.Uint64()
		mask[i] = keep(uint32(u), threshold, scale)
		if i+1 < len(mask) {
			mask[i+1] = keep(uint32(u>>32), threshold, scale)
		}
	}
}

func keep(u, threshold uint32, scale float32) float32 {
	if u < threshold {
		return 0
	}
	return scale
}

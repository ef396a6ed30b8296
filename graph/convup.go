package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
)

// upsampleFused reports whether Forward computes u followed by c as one
// op: 2×2 upsampling, then a stride-1 convolution.
func upsampleFused(u *Upsample2D, c *Conv2D, x *gorgonia.Node) bool {
	xs := x.Shape()
	return u.Size == 2 && max(c.Stride, 1) == 1 && xs.Dims() == 4 && xs[1] == c.In
}

// fwdUp returns c.Fwd(UpSample2D(2)(x)) as one op, with the activation
// act (c's, or linear for its logits): the convolution reads
// each cell of x as its 2×2 block, so the upsampled planes are never
// written, and its input gradient sums each block into x's gradient, so
// the upsampling's gradient pass goes too.
func (c *Conv2D) fwdUp(x *gorgonia.Node, act Activation) (*gorgonia.Node, error) {
	y, err := convBiasAct(x, c.W, c.B, c.Pad, 1, 2, !c.g.IsInput(x), act)
	if err != nil {
		return nil, fmt.Errorf("graph: Conv2D %q: %w", c.name, err)
	}
	return y, nil
}

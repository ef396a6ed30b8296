package graph

// Costed is a Layer that can tell its arithmetic: FLOPs is the number of
// floating-point operations of its forward pass on one sample whose output
// has shape out (without the batch dimension), counting a multiply-add as
// two. Training costs about three times that: the forward pass, the gradient
// of the input and the gradient of the weights.
type Costed interface {
	FLOPs(out []int) int
}

// FLOPs counts the multiply-adds of x·W for one sample.
func (d *Dense) FLOPs(out []int) int { return 2 * d.In * d.Out }

// FLOPs counts the multiply-adds of the convolution for one sample.
func (c *Conv2D) FLOPs(out []int) int {
	return 2 * c.In * c.KernelH * c.KernelW * Size(out)
}

// FLOPs counts the multiply-adds of the transposed convolution for one
// sample: every input cell times every filter's kh×kw window.
func (c *Conv2DTranspose) FLOPs(out []int) int {
	if len(out) != 3 {
		return 0
	}
	h, w := deconvInput(out[1], c.KernelH, c.Stride, c.Pad), deconvInput(out[2], c.KernelW, c.Stride, c.Pad)
	return 2 * c.In * c.Filters * c.KernelH * c.KernelW * h * w
}

// deconvInput inverts Padding.TransposedLength: the input length of a
// transposed convolution whose output has length n.
func deconvInput(n, k, stride int, pad Padding) int {
	stride = max(stride, 1)
	if pad == Valid {
		n -= max(k-stride, 0)
	}
	return n / stride
}

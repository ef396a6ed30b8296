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

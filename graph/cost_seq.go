package graph

// FLOPs counts the multiply-adds of the 1-D convolution (or transposed
// convolution) for one sample whose output is out, (filters, steps).
func (c *Conv1D) FLOPs(out []int) int {
	if len(out) != 2 {
		return 0
	}
	if c.transposed {
		return 2 * c.In * c.Filters * c.Kernel * deconvInput(out[1], c.Kernel, c.Stride, c.Pad)
	}
	return 2 * c.In * c.Kernel * out[0] * out[1]
}

// InputCosted is a Layer whose arithmetic follows from its input's shape
// (without the batch dimension), which its output may not show: a
// recurrent layer that returns its last step.
type InputCosted interface {
	InputFLOPs(in []int) int
}

// InputFLOPs counts the gate products of one sample of in, (channels,
// steps): the input's and h's at every step.
func (l *LSTM) InputFLOPs(in []int) int { return 2 * 4 * l.Units * (l.In + l.Units) * steps(in) }

// InputFLOPs counts the gate products of one sample, as LSTM's.
func (l *GRU) InputFLOPs(in []int) int { return 2 * 3 * l.Units * (l.In + l.Units) * steps(in) }

func steps(in []int) int {
	if len(in) != 2 {
		return 0
	}
	return in[1]
}

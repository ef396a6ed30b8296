package nets

import (
	"github.com/go-autoencoders/ae/graph"
)

// The kinds of layer for sequences, whose samples have the shape
// (channels, steps), the 1-D form of NCHW.
const (
	TypeConv1D          LayerKind = "conv1d"
	TypeConv1DTranspose LayerKind = "conv1d_transpose"
	TypeMaxPool1D       LayerKind = "maxpool1d"
	TypeUpSample1D      LayerKind = "upsample1d"
	TypeRepeatVector    LayerKind = "repeat_vector"
	TypeTimeDense       LayerKind = "time_dense"
	TypeLSTM            LayerKind = "lstm"
	TypeGRU             LayerKind = "gru"
)

// Conv1D is a 'same' 1-D convolution of filters kernels of kernel steps at
// stride 1, on sequences (channels, steps); WithStride and Valid change
// that.
func Conv1D(filters, kernel int, act graph.Activation) Layer {
	return Layer{Type: TypeConv1D, Filters: filters, Kernel: kernel, Activation: ActivationName(act.String())}
}

// Conv1DTranspose is Keras's Conv1DTranspose: a 'same' transposed 1-D
// convolution that multiplies the steps by stride.
func Conv1DTranspose(filters, kernel, stride int, act graph.Activation) Layer {
	return Layer{Type: TypeConv1DTranspose, Filters: filters, Kernel: kernel, Stride: stride, Activation: ActivationName(act.String())}
}

// MaxPool1D is a 'same' max-pooling of windows of size steps moving by
// size.
func MaxPool1D(size int) Layer { return Layer{Type: TypeMaxPool1D, Size: size} }

// UpSample1D repeats every step size times.
func UpSample1D(size int) Layer { return Layer{Type: TypeUpSample1D, Size: size} }

// RepeatVector turns a vector (d) into the sequence (d, n) that holds it
// at each of n steps; n 0 means the steps of the net's input, (channels,
// steps).
func RepeatVector(n int) Layer { return Layer{Type: TypeRepeatVector, N: n} }

// TimeDense is Keras's TimeDistributed(Dense(units)): a dense layer
// applied to each step of a sequence (channels, steps), giving (units,
// steps).
func TimeDense(units int, act graph.Activation) Layer {
	return Layer{Type: TypeTimeDense, Units: units, Activation: ActivationName(act.String())}
}

// The out functions of the sequence kinds.

func conv1DOut(l Layer, in []int) ([]int, [][]int, error) {
	n, err := l.conv1DSteps(in, graph.Padding.Length)
	if err != nil {
		return nil, nil, err
	}
	return []int{l.Filters, n}, [][]int{{l.Filters, in[0], l.Kernel}, {l.Filters}}, nil
}

func conv1DTransposeOut(l Layer, in []int) ([]int, [][]int, error) {
	n, err := l.conv1DSteps(in, graph.Padding.TransposedLength)
	if err != nil {
		return nil, nil, err
	}
	return []int{l.Filters, n}, [][]int{{in[0], l.Filters, l.Kernel}, {l.Filters}}, nil
}

// conv1DSteps checks a 1-D convolution's settings and returns the steps of
// its output, as length gives them.
func (l Layer) conv1DSteps(in []int, length func(graph.Padding, int, int, int) (int, error)) (int, error) {
	for _, f := range []struct {
		name string
		v    int
	}{{"filters", l.Filters}, {"kernel", l.Kernel}, {"stride", l.stride()}} {
		if err := positive(f.name, f.v); err != nil {
			return 0, err
		}
	}
	_, pad, err := l.settings()
	if err != nil {
		return 0, err
	}
	n, err := length(pad, in[1], l.Kernel, l.stride())
	if err != nil {
		return 0, &fieldError{"kernel", err}
	}
	if n > maxDim {
		return 0, bad("stride", "output of %d steps is too large", n)
	}
	return n, nil
}

func pool1DOut(l Layer, in []int) ([]int, [][]int, error) {
	k := l.window()
	if err := positive("size", k); err != nil {
		return nil, nil, err
	}
	_, pad, err := l.settings()
	if err != nil {
		return nil, nil, err
	}
	n, err := pad.Length(in[1], k, k)
	if err != nil || n <= 0 {
		return nil, nil, bad("size", "pooling %d steps by %d leaves nothing", in[1], k)
	}
	return []int{in[0], n}, nil, nil
}

func upsample1DOut(l Layer, in []int) ([]int, [][]int, error) {
	k := l.window()
	if err := positive("size", k); err != nil {
		return nil, nil, err
	}
	if in[1]*k > maxDim {
		return nil, nil, bad("size", "upsampling %d steps by %d is too large", in[1], k)
	}
	return []int{in[0], in[1] * k}, nil, nil
}

func repeatVectorOut(l Layer, in []int) ([]int, [][]int, error) {
	if err := positive("n", l.N); err != nil {
		return nil, nil, err
	}
	return []int{in[0], l.N}, nil, nil
}

func timeDenseOut(l Layer, in []int) ([]int, [][]int, error) {
	if err := positive("units", l.Units); err != nil {
		return nil, nil, err
	}
	return []int{l.Units, in[1]}, [][]int{{l.Units, in[0], 1}, {l.Units}}, nil
}

// The build functions of the sequence kinds.

func buildConv1D(g *graph.Graph, p planned) (graph.Layer, error) {
	act, pad, err := p.settings()
	if err != nil {
		return nil, err
	}
	return graph.NewConv1D(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
}

func buildConv1DTranspose(g *graph.Graph, p planned) (graph.Layer, error) {
	act, pad, err := p.settings()
	if err != nil {
		return nil, err
	}
	return graph.NewConv1DTranspose(g, p.name, p.in[0], p.Filters, p.Kernel, p.stride(), pad, act)
}

func buildPool1D(_ *graph.Graph, p planned) (graph.Layer, error) {
	_, pad, err := p.settings()
	if err != nil {
		return nil, err
	}
	return graph.NewMaxPool1D(p.name, p.window(), pad), nil
}

func buildUpsample1D(_ *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewUpSample1D(p.name, p.window()), nil
}

func buildRepeatVector(_ *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewRepeatVector(p.name, p.N), nil
}

func buildTimeDense(g *graph.Graph, p planned) (graph.Layer, error) {
	act, _, err := p.settings()
	if err != nil {
		return nil, err
	}
	return graph.NewTimeDense(g, p.name, p.in[0], p.Units, act)
}

// Sequence reports whether the spec's net takes sequences (channels,
// steps): whether its first layer is of a kind that does. Such a net
// reads a series cut into windows of Input[1] steps.
func (s Spec) Sequence() bool {
	if len(s.Encoder) == 0 {
		return false
	}
	k, ok := kindOf(s.Encoder[0].Type)
	return ok && k.axes == 2
}

// inputSteps sets a 0 N to the steps of a sequence input.
func inputSteps(l *Layer, input []int) {
	if l.N == 0 && len(input) == 2 {
		l.N = input[1]
	}
}

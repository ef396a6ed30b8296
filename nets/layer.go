package nets

import (
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/graph"
)

// Layer is one layer of a Spec, as data. Type says which kind; the other
// fields are the settings that kind takes. The constructors (Dense, Conv,
// MaxPool, ...) fill them in.
type Layer struct {
	// Type is one of LayerTypes.
	Type LayerKind `json:"type"`
	// Units is a dense layer's output size.
	Units int `json:"units,omitempty"`
	// Filters, Kernel and Stride are a convolution's; Stride 0 means 1.
	Filters int `json:"filters,omitempty"`
	Kernel  int `json:"kernel,omitempty"`
	Stride  int `json:"stride,omitempty"`
	// Padding is "same" (the default) or "valid", for convolutions and
	// pooling.
	Padding PaddingName `json:"padding,omitempty"`
	// Activation names the activation of a dense or convolutional layer;
	// empty means linear.
	Activation ActivationName `json:"activation,omitempty"`
	// Size is the window of pooling and the factor of upsampling; 0 means 2.
	Size int `json:"size,omitempty"`
	// Rate is the fraction dropout drops.
	Rate float64 `json:"rate,omitempty"`
	// Shape is the per-sample shape a reshape gives.
	Shape []int `json:"shape,omitempty"`
	// Bias, when false, makes a dense or convolutional layer bias-free
	// (Deep SVDD's nets); nil means a bias.
	Bias *bool `json:"bias,omitempty"`
	// Affine, when false, leaves out a batch norm's gamma and beta
	// (PyTorch's affine=False); nil means with them. Epsilon, when not 0,
	// replaces the batch norm's 1e-3.
	Affine  *bool   `json:"affine,omitempty"`
	Epsilon float64 `json:"epsilon,omitempty"`
	// N is the number of steps a repeat_vector gives.
	N int `json:"n,omitempty"`
	// Sequences makes a recurrent layer return its output at every step,
	// (units, steps), instead of its last, (units): Keras's
	// return_sequences.
	Sequences bool `json:"return_sequences,omitempty"`
}

// ActivationName names a graph.Activation, as a spec's JSON writes it;
// empty means none said.
type ActivationName string

// activation returns the activation named, Linear for none.
func (a ActivationName) activation() (graph.Activation, error) {
	if a == "" {
		return graph.Linear, nil
	}
	return graph.ParseActivation(string(a))
}

// PaddingName names a graph.Padding, as a spec's JSON writes it; empty
// means same.
type PaddingName string

// padding returns the padding named, Same for none.
func (p PaddingName) padding() (graph.Padding, error) {
	if p == "" {
		return graph.Same, nil
	}
	return graph.ParsePadding(string(p))
}

// Dense is a fully connected layer of units outputs.
func Dense(units int, act graph.Activation) Layer {
	return Layer{Type: TypeDense, Units: units, Activation: ActivationName(act.String())}
}

// Conv is a 'same' 2-D convolution of filters kernel×kernel filters at
// stride 1; WithStride and Valid change that.
func Conv(filters, kernel int, act graph.Activation) Layer {
	return Layer{Type: TypeConv2D, Filters: filters, Kernel: kernel, Activation: ActivationName(act.String())}
}

// ConvTranspose is Keras's Conv2DTranspose: a 'same' transposed
// convolution that multiplies the image's sides by stride.
func ConvTranspose(filters, kernel, stride int, act graph.Activation) Layer {
	return Layer{Type: TypeConv2DTranspose, Filters: filters, Kernel: kernel, Stride: stride, Activation: ActivationName(act.String())}
}

// MaxPool is a 'same' max-pooling of size×size windows moving by size.
func MaxPool(size int) Layer { return Layer{Type: TypeMaxPool2D, Size: size} }

// UpSample repeats every pixel size×size times (nearest neighbour).
func UpSample(size int) Layer { return Layer{Type: TypeUpSample2D, Size: size} }

// Flatten turns (C, H, W) into (C·H·W), for a dense layer after
// convolutions.
func Flatten() Layer { return Layer{Type: TypeFlatten} }

// Reshape gives each sample the shape dims, for convolutions after a dense
// layer.
func Reshape(dims ...int) Layer { return Layer{Type: TypeReshape, Shape: dims} }

// Dropout drops the fraction rate of its inputs while training; it is the
// identity at inference.
func Dropout(rate float64) Layer { return Layer{Type: TypeDropout, Rate: rate} }

// BatchNorm is Keras's BatchNormalization over the channel axis.
func BatchNorm() Layer { return Layer{Type: TypeBatchNorm} }

// Concrete is the concrete selector layer (Abid et al. 2019): it learns
// which k of its input features to keep, a concrete autoencoder's encoder.
func Concrete(k int) Layer { return Layer{Type: TypeConcrete, Units: k} }

// NoBias returns a dense or convolutional l without its bias.
func (l Layer) NoBias() Layer { f := false; l.Bias = &f; return l }

// NoAffine returns a batch norm l without gamma and beta, its epsilon eps
// (0 keeps the default).
func (l Layer) NoAffine(eps float64) Layer { f := false; l.Affine = &f; l.Epsilon = eps; return l }

// WithActivation returns l with the activation act (a batch norm applies
// it after normalising).
func (l Layer) WithActivation(act graph.Activation) Layer {
	l.Activation = ActivationName(act.String())
	return l
}

// WithStride returns l moving by stride.
func (l Layer) WithStride(stride int) Layer { l.Stride = stride; return l }

// Valid returns l with 'valid' padding.
func (l Layer) Valid() Layer { l.Padding = PaddingName(graph.Valid.String()); return l }

// stride is the layer's stride, 1 for 0; a negative one is left for
// outShape to refuse.
func (l Layer) stride() int {
	if l.Stride == 0 {
		return 1
	}
	return l.Stride
}

func (l Layer) window() int {
	if l.Size == 0 {
		return 2
	}
	return l.Size
}

// Limits on what a spec may ask for, so that a crafted spec cannot make a
// net of absurd size before anything checks it.
const (
	maxDim    = 1 << 16
	maxParams = 1 << 28
	maxValues = 1 << 26 // of one sample at any layer
)

// fieldError is an error about one field of a layer.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

func bad(field, format string, args ...any) error {
	return &fieldError{field, fmt.Errorf(format, args...)}
}

// outShape returns the shape of the layer's output for an input of shape
// in, and the shapes of its parameters, checking every setting.
func (l Layer) outShape(in []int) (out []int, params [][]int, err error) {
	k, ok := kindOf(l.Type)
	if !ok {
		return nil, nil, bad("type", "unknown layer type %q (want one of %v)", l.Type, LayerTypes)
	}
	if _, _, err := l.settings(); err != nil {
		return nil, nil, err
	}
	switch {
	case k.axes == 1 && len(in) != 1:
		return nil, nil, bad("type", "%s takes vectors, it gets %v (put a flatten before it)", l.Type, in)
	case k.axes == 2 && len(in) != 2:
		return nil, nil, bad("type", "%s takes sequences (channels, steps), it gets %v (cut a series into windows with -window)", l.Type, in)
	case k.axes != 0 && len(in) != k.axes:
		return nil, nil, bad("type", "%s takes inputs of %d axes, it gets %v", l.Type, k.axes, in)
	}
	if l.Bias != nil && (k.without == nil || !slices.Contains(k.params, "b")) {
		return nil, nil, bad("bias", "a %s layer has no bias to leave out", l.Type)
	}
	if l.Affine != nil && !slices.Contains(k.params, "gamma") || l.Epsilon != 0 && l.Type != TypeBatchNorm {
		return nil, nil, bad("affine", "only a batchnorm layer takes affine and epsilon")
	}
	out, params, err = k.out(l, in)
	if err != nil {
		return nil, nil, err
	}
	_, params = k.paramsOf(l, params)
	return out, params, nil
}

// settings returns the layer's activation and padding, Linear and Same
// when it names none.
func (l Layer) settings() (graph.Activation, graph.Padding, error) {
	act, err := l.Activation.activation()
	if err != nil {
		return 0, 0, &fieldError{"activation", err}
	}
	pad, err := l.Padding.padding()
	if err != nil {
		return 0, 0, &fieldError{"padding", err}
	}
	return act, pad, nil
}

// flat reports whether the layer takes vectors.
func (l Layer) flat() bool {
	k, _ := kindOf(l.Type)
	return k.axes == 1
}

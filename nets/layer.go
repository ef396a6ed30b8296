package nets

import (
	"errors"
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/graph"
)

// Layer is one layer of a Spec, as data. Type says which; the other fields
// are the settings that type takes. The constructors (Dense, Conv,
// MaxPool, ...) fill them in.
type Layer struct {
	// Type is one of LayerTypes.
	Type string `json:"type"`
	// Units is a dense layer's output size.
	Units int `json:"units,omitempty"`
	// Filters, Kernel and Stride are a convolution's; Stride 0 means 1.
	Filters int `json:"filters,omitempty"`
	Kernel  int `json:"kernel,omitempty"`
	Stride  int `json:"stride,omitempty"`
	// Padding is "same" (the default) or "valid", for convolutions and
	// pooling.
	Padding string `json:"padding,omitempty"`
	// Activation names the activation of a dense or convolutional layer;
	// empty means linear.
	Activation string `json:"activation,omitempty"`
	// Size is the window of pooling and the factor of upsampling; 0 means 2.
	Size int `json:"size,omitempty"`
	// Rate is the fraction dropout drops.
	Rate float64 `json:"rate,omitempty"`
	// Shape is the per-sample shape a reshape gives.
	Shape []int `json:"shape,omitempty"`
}

// The layer types.
const (
	TypeDense           = "dense"
	TypeConv2D          = "conv2d"
	TypeConv2DTranspose = "conv2d_transpose"
	TypeMaxPool2D       = "maxpool2d"
	TypeUpSample2D      = "upsample2d"
	TypeFlatten         = "flatten"
	TypeReshape         = "reshape"
	TypeDropout         = "dropout"
	TypeBatchNorm       = "batchnorm"
	TypeConcrete        = "concrete"
)

// LayerTypes lists the layer types a Spec may use.
var LayerTypes = []string{TypeDense, TypeConv2D, TypeConv2DTranspose, TypeMaxPool2D, TypeUpSample2D,
	TypeFlatten, TypeReshape, TypeDropout, TypeBatchNorm, TypeConcrete}

// Dense is a fully connected layer of units outputs.
func Dense(units int, act graph.Activation) Layer {
	return Layer{Type: TypeDense, Units: units, Activation: act.String()}
}

// Conv is a 'same' 2-D convolution of filters kernel×kernel filters at
// stride 1; WithStride and Valid change that.
func Conv(filters, kernel int, act graph.Activation) Layer {
	return Layer{Type: TypeConv2D, Filters: filters, Kernel: kernel, Activation: act.String()}
}

// ConvTranspose is Keras's Conv2DTranspose: a 'same' transposed
// convolution that multiplies the image's sides by stride.
func ConvTranspose(filters, kernel, stride int, act graph.Activation) Layer {
	return Layer{Type: TypeConv2DTranspose, Filters: filters, Kernel: kernel, Stride: stride, Activation: act.String()}
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

// WithStride returns l moving by stride.
func (l Layer) WithStride(stride int) Layer { l.Stride = stride; return l }

// Valid returns l with 'valid' padding.
func (l Layer) Valid() Layer { l.Padding = "valid"; return l }

// prefix is the start of the names of a layer type's parameters.
var prefix = map[string]string{
	TypeDense: "dense", TypeConv2D: "conv", TypeConv2DTranspose: "convt", TypeMaxPool2D: "pool",
	TypeUpSample2D: "up", TypeFlatten: "flatten", TypeReshape: "reshape", TypeDropout: "dropout",
	TypeBatchNorm: "bn", TypeConcrete: "concrete",
}

// flat reports whether the layer takes vectors.
func (l Layer) flat() bool { return l.Type == TypeDense || l.Type == TypeConcrete }

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

func (l Layer) padding() (graph.Padding, error) {
	switch l.Padding {
	case "", "same":
		return graph.Same, nil
	case "valid":
		return graph.Valid, nil
	}
	return 0, fmt.Errorf("unknown padding %q (want same or valid)", l.Padding)
}

func (l Layer) activation() (graph.Activation, error) {
	if l.Activation == "" {
		return graph.Linear, nil
	}
	return graph.ParseActivation(l.Activation)
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
	need := func(dims int) error {
		if len(in) != dims {
			return bad("type", "%s takes inputs of %d axes, it gets %v", l.Type, dims, in)
		}
		return nil
	}
	positive := func(field string, v int) error {
		if v <= 0 || v > maxDim {
			return bad(field, "must be in [1, %d], got %d", maxDim, v)
		}
		return nil
	}
	if _, err := l.activation(); err != nil {
		return nil, nil, &fieldError{"activation", err}
	}
	switch l.Type {
	case TypeDense:
		if err := errors.Join(need(1), positive("units", l.Units)); err != nil {
			return nil, nil, err
		}
		return []int{l.Units}, [][]int{{in[0], l.Units}, {l.Units}}, nil
	case TypeConv2D, TypeConv2DTranspose:
		if err := errors.Join(need(3), positive("filters", l.Filters), positive("kernel", l.Kernel), positive("stride", l.stride())); err != nil {
			return nil, nil, err
		}
		pad, err := l.padding()
		if err != nil {
			return nil, nil, &fieldError{"padding", err}
		}
		h, w, err := l.convSides(in[1], in[2], pad)
		if err != nil {
			return nil, nil, err
		}
		ws := []int{l.Filters, in[0], l.Kernel, l.Kernel}
		if l.Type == TypeConv2DTranspose {
			ws = []int{in[0], l.Filters, l.Kernel, l.Kernel}
		}
		return []int{l.Filters, h, w}, [][]int{ws, {l.Filters}}, nil
	case TypeMaxPool2D:
		if err := errors.Join(need(3), positive("size", l.window())); err != nil {
			return nil, nil, err
		}
		pad, err := l.padding()
		if err != nil {
			return nil, nil, &fieldError{"padding", err}
		}
		h, w := pooled(in[1], l.window(), pad), pooled(in[2], l.window(), pad)
		if h <= 0 || w <= 0 {
			return nil, nil, bad("size", "pooling %dx%d by %d leaves nothing", in[1], in[2], l.window())
		}
		return []int{in[0], h, w}, nil, nil
	case TypeUpSample2D:
		if err := errors.Join(need(3), positive("size", l.window())); err != nil {
			return nil, nil, err
		}
		if in[1]*l.window() > maxDim || in[2]*l.window() > maxDim {
			return nil, nil, bad("size", "upsampling %dx%d by %d is too large", in[1], in[2], l.window())
		}
		return []int{in[0], in[1] * l.window(), in[2] * l.window()}, nil, nil
	case TypeFlatten:
		if len(in) < 2 {
			return nil, nil, bad("type", "flatten takes images, it gets %v", in)
		}
		return []int{size(in)}, nil, nil
	case TypeReshape:
		if len(l.Shape) == 0 || slices.ContainsFunc(l.Shape, func(d int) bool { return d <= 0 || d > maxDim }) {
			return nil, nil, bad("shape", "%v is not a shape", l.Shape)
		}
		if size(l.Shape) != size(in) {
			return nil, nil, bad("shape", "%v holds %d values, the input %v holds %d", l.Shape, size(l.Shape), in, size(in))
		}
		return slices.Clone(l.Shape), nil, nil
	case TypeDropout:
		if l.Rate < 0 || l.Rate >= 1 || l.Rate != l.Rate {
			return nil, nil, bad("rate", "must be in [0, 1), got %g", l.Rate)
		}
		return slices.Clone(in), nil, nil
	case TypeBatchNorm:
		return slices.Clone(in), [][]int{{in[0]}, {in[0]}, {in[0]}, {in[0]}}, nil
	case TypeConcrete:
		if err := errors.Join(need(1), positive("units", l.Units)); err != nil {
			return nil, nil, err
		}
		if l.Units > in[0] {
			return nil, nil, bad("units", "cannot select %d of %d features", l.Units, in[0])
		}
		return []int{l.Units}, [][]int{{l.Units, in[0]}, {1}}, nil
	}
	return nil, nil, bad("type", "unknown layer type %q (want one of %v)", l.Type, LayerTypes)
}

// convSides returns the output sides of a convolution or a transposed one.
func (l Layer) convSides(h, w int, pad graph.Padding) (int, int, error) {
	k, s := l.Kernel, l.stride()
	side := func(n int) (int, error) {
		if l.Type == TypeConv2DTranspose {
			if pad == graph.Same {
				return n * s, nil
			}
			return (n-1)*s + k, nil
		}
		if pad == graph.Same {
			return (n + s - 1) / s, nil
		}
		if n < k {
			return 0, bad("kernel", "a 'valid' %dx%d kernel does not fit a side of %d", k, k, n)
		}
		return (n-k)/s + 1, nil
	}
	oh, err := side(h)
	if err != nil {
		return 0, 0, err
	}
	ow, err := side(w)
	if err != nil {
		return 0, 0, err
	}
	if oh > maxDim || ow > maxDim {
		return 0, 0, bad("stride", "output %dx%d is too large", oh, ow)
	}
	return oh, ow, nil
}

// pooled is the side after pooling n by k.
func pooled(n, k int, pad graph.Padding) int {
	if pad == graph.Same {
		return (n + k - 1) / k
	}
	return n / k
}

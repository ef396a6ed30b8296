package nets

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// namedSpec is one entry of the table of named specs.
type namedSpec struct {
	name, doc string
	spec      Spec
}

// named is every named spec: the seed tutorials' models, one place.
var named = []namedSpec{
	{"dense", "784-32-784, relu code, sigmoid output, BCE (the Keras blog's first model)", Spec{
		Encoder: []Layer{Dense(32, graph.ReLU)},
		Decoder: []Layer{Dense(0, graph.Sigmoid)},
		Output:  "sigmoid", Loss: graph.BCE, Epochs: 50, Batch: 256,
	}},
	{"sparse", "dense with an L1 activity penalty of 1e-4 on the code", Spec{
		Encoder: []Layer{Dense(32, graph.ReLU)},
		Decoder: []Layer{Dense(0, graph.Sigmoid)},
		Output:  "sigmoid", Loss: graph.BCE, L1: 1e-4, Epochs: 50, Batch: 256,
	}},
	{"deep", "784-128-64-32 relu, 64-128 relu, sigmoid output, BCE", Spec{
		Encoder: []Layer{Dense(128, graph.ReLU), Dense(64, graph.ReLU), Dense(32, graph.ReLU)},
		Decoder: []Layer{Dense(64, graph.ReLU), Dense(128, graph.ReLU), Dense(0, graph.Sigmoid)},
		Output:  "sigmoid", Loss: graph.BCE, Epochs: 50, Batch: 256,
	}},
	{"conv", "seed 003: Conv16-pool-Conv1-pool (a 7x7x1 code), linear output, MSE", Spec{
		Encoder: []Layer{Conv(16, 3, graph.ReLU), MaxPool(2), Conv(1, 3, graph.ReLU), MaxPool(2)},
		Decoder: []Layer{Conv(1, 3, graph.ReLU), UpSample(2), Conv(16, 3, graph.ReLU), UpSample(2),
			// no activation of its own: linear for mse, sigmoid for bce
			{Type: TypeConv2D, Kernel: 3}},
		Loss: graph.MSE, Epochs: 15, Batch: 64,
	}},
	{"conv-keras", "the Keras blog's conv net: 16-8-8 with a 4x4x8 code, BCE", Spec{
		Encoder: []Layer{Conv(16, 3, graph.ReLU), MaxPool(2), Conv(8, 3, graph.ReLU), MaxPool(2), Conv(8, 3, graph.ReLU), MaxPool(2)},
		Decoder: []Layer{Conv(8, 3, graph.ReLU), UpSample(2), Conv(8, 3, graph.ReLU), UpSample(2),
			Conv(16, 3, graph.ReLU).Valid(), UpSample(2), Conv(0, 3, graph.Sigmoid)},
		Loss: graph.BCE, Epochs: 50, Batch: 128,
	}},
	{"vae", "the Keras blog's VAE: 784-64 relu to a 2-D mean and log-variance, 2-64-784 sigmoid; 784·BCE + KL", Spec{
		Encoder: []Layer{Dense(64, graph.ReLU), Dense(2, graph.Linear)},
		Decoder: []Layer{Dense(64, graph.ReLU), Dense(0, graph.Sigmoid)},
		Output:  "sigmoid", Loss: graph.BCE, VAE: true, Epochs: 100, Batch: 32,
	}},
	{"denoise", "the Keras blog's denoiser: Conv32-pool-Conv32-pool (7x7x32 code), inputs + 0.5·N(0,1) clipped", Spec{
		Encoder: []Layer{Conv(32, 3, graph.ReLU), MaxPool(2), Conv(32, 3, graph.ReLU), MaxPool(2)},
		Decoder: []Layer{Conv(32, 3, graph.ReLU), UpSample(2), Conv(32, 3, graph.ReLU), UpSample(2), Conv(0, 3, graph.Sigmoid)},
		Loss:    graph.BCE, Noise: "gaussian:0.5", Epochs: 100, Batch: 128,
	}},
	{"contractive", "784-32 sigmoid code, sigmoid output, BCE, contractive penalty 1e-3 (Rifai et al. 2011)", Spec{
		Encoder: []Layer{Dense(32, graph.Sigmoid)},
		Decoder: []Layer{Dense(0, graph.Sigmoid)},
		Output:  "sigmoid", Loss: graph.BCE, Contractive: 1e-3, Epochs: 50, Batch: 256,
	}},
	{"concrete", "concrete autoencoder (Abid et al. 2019): selects 50 input features, decoder 320-320 leaky relu, MSE", Spec{
		Encoder: []Layer{Concrete(50)},
		Decoder: []Layer{Dense(320, graph.LeakyReLU), Dense(320, graph.LeakyReLU), Dense(0, graph.Sigmoid)},
		Output:  "sigmoid", Loss: graph.MSE, Epochs: 50, Batch: 64,
	}},
	{"conv-t", "keras.io's conv autoencoder: Conv32-pool-Conv32-pool, two Conv2DTranspose(32, stride 2), sigmoid", Spec{
		Encoder: []Layer{Conv(32, 3, graph.ReLU), MaxPool(2), Conv(32, 3, graph.ReLU), MaxPool(2)},
		Decoder: []Layer{ConvTranspose(32, 3, 2, graph.ReLU), ConvTranspose(32, 3, 2, graph.ReLU), Conv(0, 3, graph.Sigmoid)},
		Loss:    graph.BCE, Epochs: 50, Batch: 128,
	}},
	{"lenet-mnist", "Deep SVDD's LeNet-type MNIST net (Ruff et al. 2018): bias-free conv 8 and 4 5x5, batch norm, leaky relu, pools, a 32-unit bias-free code; mirrored decoder, MSE", lenetMNIST()},
	{"conv1d-ts", "keras.io's time-series net: Conv1D 32-16 (k7, stride 2, dropout 0.2), mirrored Conv1DTranspose, MSE; -window 288", Spec{
		Encoder: []Layer{Conv1D(32, 7, graph.ReLU).WithStride(2), Dropout(0.2), Conv1D(16, 7, graph.ReLU).WithStride(2)},
		Decoder: []Layer{Conv1DTranspose(16, 7, 2, graph.ReLU), Dropout(0.2), Conv1DTranspose(32, 7, 2, graph.ReLU),
			{Type: TypeConv1DTranspose, Kernel: 7}},
		Loss: graph.MSE, Epochs: 50, Batch: 128, LearningRate: 1e-3,
	}},
	{"lstm-ts", "LSTM autoencoder: LSTM 64 (last state), RepeatVector, LSTM 64 (sequences), per-step Dense; MSE; -window 288", Spec{
		Encoder: []Layer{LSTM(64, false)},
		Decoder: []Layer{RepeatVector(0), LSTM(64, true), {Type: TypeTimeDense}},
		Loss:    graph.MSE, Epochs: 50, Batch: 128, LearningRate: 1e-3,
	}},
}

// Names returns the names of the named specs, in the order of the
// tutorials.
func Names() []string {
	out := make([]string, len(named))
	for i, n := range named {
		out[i] = n.name
	}
	return out
}

// Describe returns one line per named spec: its name and what it is.
func Describe() string {
	var b strings.Builder
	for _, n := range named {
		fmt.Fprintf(&b, "%-11s %s\n", n.name, n.doc)
	}
	return b.String()
}

// UnknownNameError is a name that is no named spec.
type UnknownNameError struct{ Name string }

func (e *UnknownNameError) Error() string {
	return fmt.Sprintf("nets: unknown architecture %q (want one of %s, or a .json spec file)", e.Name, strings.Join(Names(), ", "))
}

// Named returns the named spec, without an input shape (see ForData).
func Named(name string) (Spec, error) {
	i := slices.IndexFunc(named, func(n namedSpec) bool { return n.name == name })
	if i < 0 {
		return Spec{}, &UnknownNameError{name}
	}
	s := named[i].spec
	s.Name = name
	s.Encoder, s.Decoder = slices.Clone(s.Encoder), slices.Clone(s.Decoder)
	return s, nil
}

// Stack returns a dense autoencoder of the given sizes, mirrored: relu
// encoder layers of sizes[0], sizes[1], ..., the last one the code, then
// relu decoder layers back, and a sigmoid output of the input's size
// (Keras's Sequential habit). `-layers 64,16` is Stack(64, 16).
func Stack(sizes ...int) Spec {
	s := Spec{Name: "dense " + fmt.Sprint(sizes), Output: "sigmoid", Loss: graph.BCE}
	for _, n := range sizes {
		s.Encoder = append(s.Encoder, Dense(n, graph.ReLU))
	}
	for i := len(sizes) - 2; i >= 0; i-- {
		s.Decoder = append(s.Decoder, Dense(sizes[i], graph.ReLU))
	}
	s.Decoder = append(s.Decoder, Dense(0, graph.Sigmoid))
	return s
}

// WithSelect returns s selecting k features: the units of its first layer,
// which must be a concrete selector.
func (s Spec) WithSelect(k int) (Spec, error) {
	if len(s.Encoder) == 0 || s.Encoder[0].Type != TypeConcrete {
		return s, specErr("select", "only a concrete autoencoder (a concrete first layer) selects features")
	}
	s.Encoder = slices.Clone(s.Encoder)
	s.Encoder[0].Units = k
	return s, nil
}

// WithCode returns s with a code of n units: the units of the encoder's
// last layer, which must be dense.
func (s Spec) WithCode(n int) (Spec, error) {
	if len(s.Encoder) == 0 || s.Encoder[len(s.Encoder)-1].Type != TypeDense {
		return s, specErr("code", "only a net whose code layer is dense takes a code size")
	}
	if n <= 0 || n > maxDim {
		return s, specErr("code", "must be in [1, %d], got %d", maxDim, n)
	}
	s.Encoder = slices.Clone(s.Encoder)
	s.Encoder[len(s.Encoder)-1].Units = n
	return s, nil
}

package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
)

// Autoencoder is one of the seed architectures: its config, its weights,
// and the encoder and decoder stacks that every graph built over those
// weights uses.
type Autoencoder struct {
	cfg    Config
	spec   spec
	params *graph.Params
	progs  map[progKey]*Program
}

// New builds the autoencoder cfg describes, with freshly initialised
// weights.
func New(cfg Config) (*Autoencoder, error) {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return nil, err
	}
	s, err := specFor(cfg)
	if err != nil {
		return nil, err
	}
	a := &Autoencoder{cfg: cfg, spec: s, params: graph.NewParams(cfg.Seed), progs: map[progKey]*Program{}}
	// Build once with one row so that every weight exists, initialised in
	// layer order.
	if _, err := a.Build(graph.New(a.params), 1); err != nil {
		return nil, err
	}
	return a, nil
}

// NewDense returns the dense autoencoder (784-code-784, relu then sigmoid).
func NewDense(cfg Config) (*Autoencoder, error) { cfg.Arch = "dense"; return New(cfg) }

// NewSparse returns the dense autoencoder with an L1 activity penalty on its
// code.
func NewSparse(cfg Config) (*Autoencoder, error) { cfg.Arch = "sparse"; return New(cfg) }

// NewDeep returns the deep autoencoder 784-128-64-32-64-128-784.
func NewDeep(cfg Config) (*Autoencoder, error) { cfg.Arch = "deep"; return New(cfg) }

// NewConv returns the convolutional autoencoder of seed 003.
func NewConv(cfg Config) (*Autoencoder, error) { cfg.Arch = "conv"; return New(cfg) }

// NewConvKeras returns the convolutional autoencoder of the Keras blog post
// (16-8-8 filters, a 4x4x8 code, a sigmoid output and BCE).
func NewConvKeras(cfg Config) (*Autoencoder, error) { cfg.Arch = "conv-keras"; return New(cfg) }

// Config returns the net's complete configuration.
func (a *Autoencoder) Config() Config { return a.cfg }

// Params returns the store holding the net's weights.
func (a *Autoencoder) Params() *graph.Params { return a.params }

// SampleShape is the shape of one input row: (784) or (1, 28, 28).
func (a *Autoencoder) SampleShape() []int { return append([]int(nil), a.spec.input...) }

// CodeShape is the shape of one code: (32) or (1, 7, 7).
func (a *Autoencoder) CodeShape() []int { return append([]int(nil), a.spec.code...) }

// Net is the autoencoder's layers in one graph, ready to be applied.
type Net struct {
	Encoder, Decoder []graph.Layer
}

// Layers adds the net's layers (the parameter nodes) to g.
func (a *Autoencoder) Layers(g *graph.Graph) (*Net, error) {
	enc, err := a.spec.encoder(g)
	if err != nil {
		return nil, err
	}
	dec, err := a.spec.decoder(g)
	if err != nil {
		return nil, err
	}
	return &Net{Encoder: enc, Decoder: dec}, nil
}

// Built holds the nodes of a whole autoencoder applied to an input.
type Built struct {
	Net    *Net
	Input  *gorgonia.Node
	Code   *gorgonia.Node
	Logits *gorgonia.Node // the output layer's pre-activation
	Output *gorgonia.Node
}

// Build adds an input of rows samples and the whole autoencoder to g.
func (a *Autoencoder) Build(g *graph.Graph, rows int) (*Built, error) {
	x := g.Input("x", append([]int{rows}, a.spec.input...)...)
	return a.apply(g, x, true)
}

// apply adds the autoencoder on x to g; the output activation only if
// withOutput (a loss on logits does not need it, and the tape machine would
// run it anyway).
func (a *Autoencoder) apply(g *graph.Graph, x *gorgonia.Node, withOutput bool) (*Built, error) {
	net, err := a.Layers(g)
	if err != nil {
		return nil, err
	}
	code, err := graph.Forward(x, net.Encoder...)
	if err != nil {
		return nil, err
	}
	n := len(net.Decoder)
	h, err := graph.Forward(code, net.Decoder[:n-1]...)
	if err != nil {
		return nil, err
	}
	last, ok := net.Decoder[n-1].(graph.Activated)
	if !ok {
		return nil, fmt.Errorf("nets: output layer %s has no activation", net.Decoder[n-1].Name())
	}
	z, err := last.Preactivation(h)
	if err != nil {
		return nil, err
	}
	b := &Built{Net: net, Input: x, Code: code, Logits: z}
	if withOutput {
		if b.Output, err = last.Activation().Apply(z); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Loss adds the training loss of the autoencoder on input x against target
// y to g: binary cross-entropy computed from the logits, or mean squared
// error, each the mean per pixel, plus the L1 activity penalty of sparse.
func (a *Autoencoder) Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error) {
	b, err := a.apply(g, x, a.cfg.Loss != "bce")
	if err != nil {
		return nil, err
	}
	var loss *gorgonia.Node
	switch a.cfg.Loss {
	case "bce":
		loss, err = graph.BinaryCrossEntropyWithLogits(b.Logits, y)
	case "mse":
		loss, err = graph.MeanSquaredError(b.Output, y)
	default:
		err = fmt.Errorf("nets: unknown loss %q", a.cfg.Loss)
	}
	if err != nil {
		return nil, err
	}
	if a.cfg.L1 > 0 {
		pen, err := graph.L1Activity(b.Code, a.cfg.L1)
		if err != nil {
			return nil, err
		}
		if loss, err = gorgonia.Add(loss, pen); err != nil {
			return nil, err
		}
	}
	return loss, nil
}

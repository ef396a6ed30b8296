package nets

import (
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
)

// Autoencoder is a net built from a Spec: the spec, its weights, and the
// encoder and decoder stacks that every graph built over those weights
// uses. It is a train.Model.
type Autoencoder struct {
	plan    *plan
	params  *graph.Params
	progs   map[progKey]*Program
	threads int // of inference; 0 follows graph.Threads
}

// New builds the autoencoder s describes, with freshly initialised weights.
// An error is a *SpecError naming the layer and field at fault.
func New(s Spec) (*Autoencoder, error) {
	p, err := s.plan()
	if err != nil {
		return nil, err
	}
	a := &Autoencoder{plan: p, params: graph.NewParams(s.Seed), progs: map[progKey]*Program{}}
	// Build once with one row so that every weight exists, initialised in
	// layer order.
	if _, err := a.Build(graph.New(a.params), 1); err != nil {
		return nil, err
	}
	return a, nil
}

// NewSeed builds the named spec with the settings of cfg.
//
// Deprecated: use New with a spec of Named, its With... settings and
// ForData.
func NewSeed(cfg Config) (*Autoencoder, error) {
	s, err := cfg.Spec()
	if err != nil {
		return nil, err
	}
	return New(s)
}

// NewDense returns the dense autoencoder (784-code-784, relu then sigmoid).
//
// Deprecated: use New with Named("dense").
func NewDense(cfg Config) (*Autoencoder, error) { cfg.Arch = "dense"; return NewSeed(cfg) }

// NewSparse returns the dense autoencoder with an L1 activity penalty on its
// code.
//
// Deprecated: use New with Named("sparse").
func NewSparse(cfg Config) (*Autoencoder, error) { cfg.Arch = "sparse"; return NewSeed(cfg) }

// NewDeep returns the deep autoencoder 784-128-64-32-64-128-784.
//
// Deprecated: use New with Named("deep").
func NewDeep(cfg Config) (*Autoencoder, error) { cfg.Arch = "deep"; return NewSeed(cfg) }

// NewConv returns the convolutional autoencoder of seed 003.
//
// Deprecated: use New with Named("conv").
func NewConv(cfg Config) (*Autoencoder, error) { cfg.Arch = "conv"; return NewSeed(cfg) }

// NewConvKeras returns the convolutional autoencoder of the Keras blog post
// (16-8-8 filters, a 4x4x8 code, a sigmoid output and BCE).
//
// Deprecated: use New with Named("conv-keras").
func NewConvKeras(cfg Config) (*Autoencoder, error) { cfg.Arch = "conv-keras"; return NewSeed(cfg) }

// Spec returns the net's spec.
func (a *Autoencoder) Spec() Spec {
	s := a.plan.spec
	s.Input, s.Image = slices.Clone(s.Input), slices.Clone(s.Image)
	s.Encoder, s.Decoder = slices.Clone(s.Encoder), slices.Clone(s.Decoder)
	return s
}

// Params returns the store holding the net's weights.
func (a *Autoencoder) Params() *graph.Params { return a.params }

// SampleShape is the shape of one input row: (784) or (1, 28, 28).
func (a *Autoencoder) SampleShape() []int { return slices.Clone(a.plan.spec.Input) }

// CodeShape is the shape of one code: (32) or (1, 7, 7).
func (a *Autoencoder) CodeShape() []int { return slices.Clone(a.plan.code) }

// ImageShape is the (C, H, W) shape of a sample as an image, or nil for
// vectors that are no images.
func (a *Autoencoder) ImageShape() []int {
	if s := a.plan.spec; len(s.Image) == 3 {
		return slices.Clone(s.Image)
	} else if len(s.Input) == 3 {
		return slices.Clone(s.Input)
	}
	return nil
}

// Net is the autoencoder's layers in one graph, ready to be applied.
type Net struct {
	Encoder, Decoder []graph.Layer
	// LogVar is a variational autoencoder's log-variance layer, applied
	// beside the encoder's last layer; nil for the others.
	LogVar graph.Layer
}

// Layers adds the net's layers (the parameter nodes) to g.
func (a *Autoencoder) Layers(g *graph.Graph) (*Net, error) {
	enc, err := layers(g, a.plan.encoder)
	if err != nil {
		return nil, err
	}
	net := &Net{Encoder: enc}
	if a.plan.logVar != nil {
		if net.LogVar, err = a.plan.logVar.layer(g); err != nil {
			return nil, err
		}
	}
	if net.Decoder, err = layers(g, a.plan.decoder); err != nil {
		return nil, err
	}
	return net, nil
}

// Built holds the nodes of a whole autoencoder applied to an input.
type Built struct {
	Net    *Net
	Input  *gorgonia.Node
	Code   *gorgonia.Node // a VAE's mean
	LogVar *gorgonia.Node // a VAE's log-variance, nil for the others
	Sample *gorgonia.Node // what the decoder reads: the code, or a VAE's z
	Logits *gorgonia.Node // the output layer's pre-activation
	Output *gorgonia.Node
}

// Build adds an input of rows samples and the whole autoencoder to g.
func (a *Autoencoder) Build(g *graph.Graph, rows int) (*Built, error) {
	x := g.Input("x", append([]int{rows}, a.plan.spec.Input...)...)
	return a.apply(g, x, true)
}

// apply adds the autoencoder on x to g; the output activation only if
// withOutput (a loss on logits does not need it, and the machine would run
// it anyway).
func (a *Autoencoder) apply(g *graph.Graph, x *gorgonia.Node, withOutput bool) (*Built, error) {
	net, err := a.Layers(g)
	if err != nil {
		return nil, err
	}
	b := &Built{Net: net, Input: x}
	if err := b.encode(g); err != nil {
		return nil, err
	}
	last, ok := net.Decoder[len(net.Decoder)-1].(graph.Activated)
	if !ok {
		return nil, fmt.Errorf("nets: output layer %s has no activation", net.Decoder[len(net.Decoder)-1].Name())
	}
	z, err := graph.ForwardLogits(b.Sample, net.Decoder...)
	if err != nil {
		return nil, err
	}
	b.Logits = z
	if withOutput {
		if b.Output, err = last.Activation().Apply(z); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// encode applies the encoder to b.Input, and for a VAE the log-variance
// layer and the sampling of z.
func (b *Built) encode(g *graph.Graph) error {
	enc := b.Net.Encoder
	if b.Net.LogVar == nil {
		var err error
		b.Code, err = graph.Forward(b.Input, enc...)
		b.Sample = b.Code
		return err
	}
	h, err := graph.Forward(b.Input, enc[:len(enc)-1]...)
	if err != nil {
		return err
	}
	if b.Code, err = enc[len(enc)-1].Fwd(h); err != nil {
		return err
	}
	if b.LogVar, err = b.Net.LogVar.Fwd(h); err != nil {
		return err
	}
	b.Sample, err = graph.Reparameterize(g, b.Code, b.LogVar)
	return err
}

package nets

import (
	"errors"
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets/noise"
)

// plan is a checked spec: every layer resolved (the decoder's last layer's
// 0 filled in, the output activation set), with its input and output
// shapes and its parameter names and shapes.
type plan struct {
	spec             Spec
	encoder, decoder []planned
	code             []int
	logVar           *planned // a VAE's log-variance layer, beside the encoder's last
	params           int      // scalar parameters, state included
}

type planned struct {
	Layer
	name    string // "encoder/dense0"
	in, out []int
	params  [][]int
}

// Params returns the number of scalar parameters (state included) of the
// net the spec describes, without building it.
func (s Spec) Params() (int, error) {
	p, err := s.plan()
	if err != nil {
		return 0, err
	}
	return p.params, nil
}

// Check returns an error naming the layer and the field at fault if the
// spec cannot be built: an unknown type or activation, a shape a layer
// cannot take, a pooling that leaves a side of 0, a decoder whose output is
// not the input's shape, a spec too large to allocate.
func (s Spec) Check() error {
	_, err := s.plan()
	return err
}

func (s Spec) plan() (*plan, error) {
	if len(s.Input) == 0 {
		return nil, specErr("input", "no input shape (set it, or build the spec with ForData)")
	}
	if len(s.Input) < 1 || len(s.Input) > 3 || slices.ContainsFunc(s.Input, func(d int) bool { return d <= 0 || d > maxDim }) || size(s.Input) > maxValues {
		return nil, specErr("input", "%v is not a sample shape: want (D), (C, steps) or (C, H, W)", s.Input)
	}
	if _, err := s.Loss.Kind(); err != nil {
		return nil, &SpecError{Layer: -1, Field: "loss", Err: err}
	}
	if !(s.L1 >= 0) || s.L1 > 1e6 {
		return nil, specErr("l1", "must be a number in [0, 1e6], got %g", s.L1)
	}
	if !(s.Beta >= 0) || s.Beta > 1e6 {
		return nil, specErr("beta", "must be a number in [0, 1e6], got %g", s.Beta)
	}
	if s.Beta != 0 && !s.VAE {
		return nil, specErr("beta", "only a variational autoencoder (vae) has a KL term to weigh")
	}
	if err := s.checkScale(); err != nil {
		return nil, err
	}
	if _, err := noise.Parse(s.Noise); err != nil {
		return nil, &SpecError{Layer: -1, Field: "noise", Err: err}
	}
	if !(s.LearningRate >= 0) || s.LearningRate > 1e3 {
		return nil, specErr("lr", "must be a number in [0, 1000], got %g", s.LearningRate)
	}
	if s.Epochs < 0 {
		return nil, specErr("epochs", "must be positive (or absent for %d), got %d", DefaultEpochs, s.Epochs)
	}
	if s.Batch < 0 {
		return nil, specErr("batch", "must be positive (or absent for %d), got %d", DefaultBatch, s.Batch)
	}
	if !(s.Contractive >= 0) || s.Contractive > 1e6 {
		return nil, specErr("contractive", "must be a number in [0, 1e6], got %g", s.Contractive)
	}
	if s.Contractive > 0 && (len(s.Encoder) != 1 || s.Encoder[0].Type != TypeDense) {
		return nil, specErr("contractive", "the contractive penalty needs an encoder of one dense layer (its closed form); this encoder has %d layers, the first %s", len(s.Encoder), firstType(s.Encoder))
	}
	if len(s.Encoder) == 0 || len(s.Decoder) == 0 {
		return nil, specErr("encoder", "an autoencoder needs an encoder and a decoder, each of at least one layer")
	}
	p := &plan{spec: s}
	var err error
	if p.encoder, p.code, err = p.stack("encoder", s.Encoder, s.Input, nil); err != nil {
		return nil, err
	}
	if err := p.planVAE(); err != nil {
		return nil, err
	}
	if err := p.checkObjective(); err != nil {
		return nil, err
	}
	if p.decoder, _, err = p.stack("decoder", s.Decoder, p.code, s.Input); err != nil {
		return nil, err
	}
	if err := p.checkOutput(); err != nil {
		return nil, err
	}
	return p, nil
}

// stack plans one part; target, for the decoder, is the shape its output
// must have.
func (p *plan) stack(part string, layers []Layer, in, target []int) ([]planned, []int, error) {
	out := make([]planned, 0, len(layers))
	counts := map[LayerKind]int{}
	for i, l := range layers {
		fail := func(err error) error {
			e := &SpecError{Part: part, Layer: i, Field: "type", Err: err}
			var fe *fieldError
			if errors.As(err, &fe) {
				e.Field, e.Err = fe.field, fe.err
			}
			return e
		}
		last := target != nil && i == len(layers)-1
		if last {
			l = p.resolveLast(l, target)
		}
		if k, ok := kindOf(l.Type); ok && k.fromInput != nil {
			k.fromInput(&l, p.spec.Input)
		}
		o, ps, err := l.outShape(in)
		if err != nil {
			return nil, nil, fail(err)
		}
		if size(o) > maxValues {
			return nil, nil, fail(bad("type", "an output of %v values per sample is too large", o))
		}
		for _, s := range ps {
			p.params += size(s)
		}
		if p.params > maxParams {
			return nil, nil, fail(bad("type", "the net would have over %d parameters", maxParams))
		}
		if last && !slices.Equal(o, target) {
			return nil, nil, fail(bad("type", "the decoder's output %v is not the input's shape %v", o, target))
		}
		k, _ := kindOf(l.Type)
		l.Type = k.name // an alias named in Go
		name := fmt.Sprintf("%s/%s%d", part, k.prefix, counts[k.name])
		counts[k.name]++
		out = append(out, planned{Layer: l, name: name, in: in, out: o, params: ps})
		in = o
	}
	return out, in, nil
}

// resolveLast fills in the output layer's 0 units or filters, from the
// target's first axis when the target has the axes the layer takes, and
// its activation.
func (p *plan) resolveLast(l Layer, target []int) Layer {
	if k, ok := kindOf(l.Type); ok && k.width != nil {
		if w := k.width(&l); *w == 0 && len(target) == k.axes {
			*w = target[0]
		}
	}
	l.Activation = p.spec.OutputActivation()
	return l
}

// checkOutput checks that the output layer has an activation and that it
// suits the loss.
func (p *plan) checkOutput() error {
	last := p.decoder[len(p.decoder)-1]
	if k, _ := kindOf(last.Type); k.width == nil {
		return &SpecError{Part: "decoder", Layer: len(p.decoder) - 1, Field: "type",
			Err: fmt.Errorf("the output layer must be %s, not %s", orList(kindNames(func(k kind) bool { return k.width != nil })), last.Type)}
	}
	if s := p.spec; s.Output != "" && s.Decoder[len(s.Decoder)-1].Activation != "" && s.Output != s.Decoder[len(s.Decoder)-1].Activation {
		return specErr("output", "%q contradicts the last layer's activation %q", s.Output, s.Decoder[len(s.Decoder)-1].Activation)
	}
	act, err := last.Activation.activation()
	if err != nil {
		return specErr("output", "%v", err)
	}
	if loss, _ := p.spec.Loss.Kind(); loss.Logits && act != loss.Output {
		return specErr("output", "%s needs a %v output, not %v", loss.Name, loss.Output, act)
	}
	return nil
}

// planVAE adds a VAE's log-variance layer: a linear dense layer of the
// code's size on the input of the encoder's last layer.
func (p *plan) planVAE() error {
	if !p.spec.VAE {
		return nil
	}
	last := p.encoder[len(p.encoder)-1]
	if last.Type != TypeDense {
		return &SpecError{Part: "encoder", Layer: len(p.encoder) - 1, Field: "type",
			Err: fmt.Errorf("a variational autoencoder's code layer must be dense, not %s", last.Type)}
	}
	l := Dense(last.Units, graph.Linear)
	out, params, err := l.outShape(last.in)
	if err != nil {
		return err
	}
	lv := planned{Layer: l, name: "encoder/logvar0", in: last.in, out: out, params: params}
	p.logVar = &lv
	p.params += size(lv.params[0]) + size(lv.params[1])
	return nil
}

// checkScale checks a scaler read from JSON against the input's size.
func (s Spec) checkScale() error {
	if s.Scale == nil {
		return nil
	}
	if err := s.Scale.Check(); err != nil {
		return &SpecError{Layer: -1, Field: "scale", Err: err}
	}
	if f := s.Scale.Features(); f != 0 && f != size(s.Input) {
		return specErr("scale", "fitted on %d features, the input has %d", f, size(s.Input))
	}
	return nil
}

func firstType(ls []Layer) LayerKind {
	if len(ls) == 0 {
		return "missing"
	}
	return ls[0].Type
}

// paramShapes returns the name and shape of every parameter the spec's net
// has, in creation order.
func (p *plan) paramShapes() (names []string, shapes [][]int) {
	for _, l := range p.layers() {
		k, _ := kindOf(l.Type)
		pnames, _ := k.paramsOf(l.Layer, nil)
		for i, s := range l.params {
			names = append(names, l.name+"/"+pnames[i])
			shapes = append(shapes, s)
		}
	}
	return names, shapes
}

// layers returns every planned layer in creation order: the encoder, a
// VAE's log-variance layer, the decoder.
func (p *plan) layers() []planned {
	all := slices.Clone(p.encoder)
	if p.logVar != nil {
		all = append(all, *p.logVar)
	}
	return append(all, p.decoder...)
}

package nets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// ModelConfig returns the JSON spec a checkpoint stores; it makes an
// Autoencoder a train.Describer.
func (a *Autoencoder) ModelConfig() (string, error) { return MarshalSpec(a.plan.spec) }

// SpecOf returns the spec a checkpoint's model metadata holds: a Spec, or
// the Config of a checkpoint written before specs existed.
func SpecOf(model string) (Spec, error) {
	if model == "" {
		return Spec{}, fmt.Errorf("nets: the checkpoint holds no model")
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(model), &keys); err != nil {
		return Spec{}, fmt.Errorf("nets: bad model metadata: %w", err)
	}
	if _, old := keys["arch"]; old {
		c, err := unmarshalConfig([]byte(model))
		if err != nil {
			return Spec{}, err
		}
		return c.Spec()
	}
	return parseSpec(bytes.TrimSpace([]byte(model)), false)
}

// Load rebuilds the autoencoder saved in a checkpoint written by the
// trainer (last.safetensors, best.safetensors), or in an ONNX model
// (ReadCheckpoint), with its weights. The spec is checked against the
// checkpoint's tensors before any weight is allocated, so a crafted spec
// cannot exhaust memory.
func Load(path string) (*Autoencoder, error) {
	c, err := ReadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	return FromCheckpoint(c, path)
}

// LoadBytes rebuilds the autoencoder of a checkpoint's bytes b, read from
// source (a path or URL, for error messages), as Load does.
func LoadBytes(b []byte, source string) (*Autoencoder, error) {
	c, err := checkpoint.Decode(b, source)
	if err != nil {
		return nil, err
	}
	return FromCheckpoint(c, source)
}

// FromCheckpoint rebuilds the autoencoder of checkpoint c, read from path
// (for error messages), checking its spec against its tensors first.
func FromCheckpoint(c *checkpoint.Checkpoint, path string) (*Autoencoder, error) {
	s, err := SpecOf(c.Model)
	if err != nil {
		return nil, fmt.Errorf("nets: %s: %w", path, err)
	}
	if err := CheckWeights(s, c.Weights); err != nil {
		return nil, fmt.Errorf("nets: %s: %w", path, err)
	}
	a, err := New(s)
	if err != nil {
		return nil, fmt.Errorf("nets: %s: %w", path, err)
	}
	p := a.Params()
	for _, name := range p.Names() {
		w := c.Weights[name]
		if err := p.Set(name, w.Shape, w.Data); err != nil {
			return nil, fmt.Errorf("nets: %s: %w", path, err)
		}
	}
	return a, nil
}

// CheckWeights checks that weights holds exactly the parameters of the net
// s describes, each of its shape, without building the net.
func CheckWeights(s Spec, weights map[string]safetensors.Tensor) error {
	p, err := s.plan()
	if err != nil {
		return err
	}
	names, shapes := p.paramShapes()
	if len(weights) != len(names) {
		return fmt.Errorf("nets: %d weights, the %s net has %d", len(weights), s.Name, len(names))
	}
	for i, name := range names {
		w, ok := weights[name]
		if !ok {
			return fmt.Errorf("nets: no weight %q", name)
		}
		if !slices.Equal(w.Shape, shapes[i]) {
			return fmt.Errorf("nets: weight %q has shape %v, the spec says %v", name, w.Shape, shapes[i])
		}
		for j, v := range w.Data {
			if v != v || math.IsInf(float64(v), 0) {
				return fmt.Errorf("nets: weight %q[%d] is %v", name, j, v)
			}
		}
	}
	return nil
}

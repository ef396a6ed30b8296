package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/train"
)

// ModelConfig returns the JSON config a checkpoint stores; it makes an
// Autoencoder a train.Describer.
func (a *Autoencoder) ModelConfig() (string, error) { return MarshalConfig(a.cfg) }

// Load rebuilds the autoencoder saved in a checkpoint written by the
// trainer (last.safetensors, best.safetensors) with its weights.
func Load(path string) (*Autoencoder, error) {
	c, err := train.ReadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	if c.Model == "" {
		return nil, fmt.Errorf("nets: %s holds no model config", path)
	}
	cfg, err := UnmarshalConfig(c.Model)
	if err != nil {
		return nil, fmt.Errorf("nets: %s: %w", path, err)
	}
	a, err := New(cfg)
	if err != nil {
		return nil, fmt.Errorf("nets: %s: %w", path, err)
	}
	p := a.Params()
	if len(c.Weights) != p.Len() {
		return nil, fmt.Errorf("nets: %s holds %d weights, a %s net has %d", path, len(c.Weights), cfg.Arch, p.Len())
	}
	for _, name := range p.Names() {
		w, ok := c.Weights[name]
		if !ok {
			return nil, fmt.Errorf("nets: %s has no weight %q", path, name)
		}
		if err := p.Set(name, w.Shape, w.Data); err != nil {
			return nil, fmt.Errorf("nets: %s: %w", path, err)
		}
	}
	return a, nil
}

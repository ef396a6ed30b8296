package train

import (
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/noise"
)

// specModel is a Model built from a spec, as nets' autoencoders are.
type specModel interface {
	Spec() nets.Spec
}

// withDefaults fills the settings cfg leaves zero from the spec of m, if
// it has one, so that a model trained as it is trains as its spec says:
// Epochs and BatchSize (Spec.TrainingDefaults: the vae spec's 100 epochs
// at batch 32), Adam at the spec's learning rate, and the spec's input
// noise (the denoise spec's). A nil Noise is the spec's; to train a
// denoising spec without its noise, clear the spec's.
func withDefaults(m Model, cfg Config) (Config, error) {
	sm, ok := m.(specModel)
	if !ok {
		return cfg, nil
	}
	s := sm.Spec()
	epochs, batch := s.TrainingDefaults()
	if cfg.Epochs == 0 {
		cfg.Epochs = epochs
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = batch
	}
	if cfg.Optimizer == nil && s.LearningRate > 0 {
		cfg.Optimizer = NewAdam(s.LearningRate)
	}
	if cfg.Noise == nil {
		n, err := noise.Parse(s.Noise)
		if err != nil {
			return cfg, fmt.Errorf("train: the spec's noise: %w", err)
		}
		cfg.Noise = n
	}
	return cfg, nil
}

// Optimizers returns the names NewOptimizer knows.
func Optimizers() []string { return slices.Clone(optimizers) }

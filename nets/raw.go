package nets

import (
	"slices"

	"github.com/go-autoencoders/ae/data"
)

// Scaler returns the scaling the net was trained with, nil for none.
func (a *Autoencoder) Scaler() *data.Scaler { return a.plan.spec.Scale }

// Scale returns a copy of raw samples in the units the net works in.
func (a *Autoencoder) Scale(raw []float32) ([]float32, error) {
	x := slices.Clone(raw)
	if s := a.plan.spec.Scale; s != nil {
		if err := s.Apply(x); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// Unscale returns a copy of x, in the net's units, in the data's units.
func (a *Autoencoder) Unscale(x []float32) ([]float32, error) {
	out := slices.Clone(x)
	if s := a.plan.spec.Scale; s != nil {
		if err := s.Invert(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// EncodeRaw returns the codes of raw samples, scaling them first.
func (a *Autoencoder) EncodeRaw(raw []float32) ([]float32, error) {
	x, err := a.Scale(raw)
	if err != nil {
		return nil, err
	}
	return a.Encode(x)
}

// ReconstructRaw returns the reconstructions of raw samples in the data's
// units.
func (a *Autoencoder) ReconstructRaw(raw []float32) ([]float32, error) {
	x, err := a.Scale(raw)
	if err != nil {
		return nil, err
	}
	r, err := a.Reconstruct(x)
	if err != nil {
		return nil, err
	}
	return a.Unscale(r)
}

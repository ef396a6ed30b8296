package nets

import (
	"fmt"
	"math/rand/v2"
)

// Sample decodes n codes drawn from the prior N(0, 1) of a variational
// autoencoder: new samples of what it learnt.
func (a *Autoencoder) Sample(n int, rng *rand.Rand) ([]float32, error) {
	if !a.plan.spec.VAE {
		return nil, fmt.Errorf("nets: %s is no variational autoencoder; only a VAE has a prior to sample", a.plan.spec.Name)
	}
	if n <= 0 {
		return nil, fmt.Errorf("nets: Sample: n must be positive, got %d", n)
	}
	z := make([]float32, n*size(a.plan.code))
	for i := range z {
		z[i] = float32(rng.NormFloat64())
	}
	return a.Decode(z)
}

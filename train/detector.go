package train

import (
	"context"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// NewDetector returns a nets.Detector of spec that trains with Fit (or,
// for a spec whose objective is svdd, FitSVDD with so) and opts, on a
// tenth of its samples validating unless opts says otherwise.
func NewDetector(spec nets.Spec, contamination float64, opts FitOptions, so SVDDOptions) *nets.Detector {
	fit := func(ctx context.Context, spec nets.Spec, x []float32, shape []int) (*nets.Autoencoder, error) {
		d := &data.Split{Train: &data.Set{X: x, Shape: shape, Source: "detector samples"}}
		var (
			t   *Training
			err error
		)
		if spec.IsSVDD() {
			t, err = FitSVDD(ctx, spec, d, opts, so)
		} else {
			t, err = Fit(ctx, spec, d, opts)
		}
		if err != nil {
			return nil, err
		}
		t.Trainer.Close() // the net stays open for the detector
		return t.Net, nil
	}
	return &nets.Detector{Spec: spec, Train: fit, Contamination: contamination}
}

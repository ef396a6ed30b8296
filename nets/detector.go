package nets

import (
	"context"
	"fmt"

	"github.com/go-autoencoders/ae/nets/metrics"
)

// DefaultContamination is a Detector's contamination when it states
// none, PyOD's default.
const DefaultContamination = 0.1

// FitFunc trains the net of spec on raw samples x, each of the given
// shape, and returns it with its scaling in its spec. Package nets
// cannot train (package train imports it): train.NewDetector supplies
// train.Fit, or train.FitSVDD for an svdd spec.
type FitFunc func(ctx context.Context, spec Spec, x []float32, shape []int) (*Autoencoder, error)

// Detector is an anomaly detector with PyOD's contract, for Go code that
// only wants one: Fit on (mostly) normal samples, Score (PyOD's
// decision_function: the higher, the more abnormal, comparable across
// calls), Predict (true for an anomaly: a score above the threshold that
// Fit set from the training samples' scores and the contamination). All
// samples are raw: the net's scaler applies.
type Detector struct {
	// Spec is the net to train; Train trains it (see FitFunc).
	Spec  Spec
	Train FitFunc
	// Contamination is the expected share of anomalies in the training
	// samples, in (0, 0.5); 0 means DefaultContamination.
	Contamination float64
	// Net and Threshold are what Fit sets (PyOD's threshold_).
	Net       *Autoencoder
	Threshold float64
}

// Fit trains the net on the raw samples x of the given shape and sets
// the threshold: the (1 - contamination) quantile of their scores.
func (d *Detector) Fit(ctx context.Context, x []float32, shape []int) error {
	c := d.Contamination
	if c == 0 {
		c = DefaultContamination
	}
	if err := metrics.CheckContamination(c); err != nil {
		return fmt.Errorf("nets: detector: %w", err)
	}
	if d.Train == nil {
		return fmt.Errorf("nets: detector: no Train function (use train.NewDetector)")
	}
	net, err := d.Train(ctx, d.Spec, x, shape)
	if err != nil {
		return fmt.Errorf("nets: detector: %w", err)
	}
	d.Net = net
	s, err := d.Score(x)
	if err != nil {
		return err
	}
	if d.Threshold, err = metrics.ContaminationThreshold(s, c); err != nil {
		return fmt.Errorf("nets: detector: %w", err)
	}
	return nil
}

// Score returns the anomaly score of each raw sample of x: the net's
// AnomalyScores after its scaling.
func (d *Detector) Score(x []float32) ([]float64, error) {
	if d.Net == nil {
		return nil, fmt.Errorf("nets: detector: Score before Fit")
	}
	scaled, err := d.Net.Scale(x)
	if err != nil {
		return nil, fmt.Errorf("nets: detector: %w", err)
	}
	return d.Net.AnomalyScores(scaled)
}

// Predict returns, for each raw sample of x, whether it is an anomaly: its
// score above the threshold.
func (d *Detector) Predict(x []float32) ([]bool, error) {
	s, err := d.Score(x)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(s))
	for i, v := range s {
		out[i] = v > d.Threshold
	}
	return out, nil
}

package train_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/go-autoencoders/ae/train"
)

// TestDetector fits a detector on 190 samples near a line and 10 far
// from it (contamination 0.05): Fit's threshold is the 95th percentile
// of the training scores, which Predict then applies, and the far samples
// score highest; a fresh far sample is an anomaly, a fresh near one not.
func TestDetector(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, d = 200, 6
	x := make([]float32, n*d)
	for i := range n {
		u := rng.Float64()
		for j := range d {
			v := u*float64(j+1)/d + 0.01*rng.NormFloat64()
			if i >= n-10 {
				v = rng.Float64() * 3
			}
			x[i*d+j] = float32(v)
		}
	}
	spec := nets.Spec{Encoder: []nets.Layer{nets.Dense(2, graph.Tanh)}, Decoder: []nets.Layer{nets.Dense(0, graph.Linear)}, Loss: graph.MSE, Seed: 1}
	det := train.NewDetector(spec, 0.05, train.FitOptions{Epochs: 60, BatchSize: 20, Seed: 3, Log: svddQuiet()}, train.SVDDOptions{})
	if err := det.Fit(context.Background(), x, []int{d}); err != nil {
		t.Fatal(err)
	}
	s, err := det.Score(x)
	if err != nil {
		t.Fatal(err)
	}
	thr, err := metrics.ContaminationThreshold(s, 0.05)
	if err != nil || thr != det.Threshold {
		t.Fatalf("threshold %v, the 95th percentile of the training scores is %v (%v)", det.Threshold, thr, err)
	}
	pred, err := det.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	flagged, far := 0, 0
	for i, p := range pred {
		if p {
			flagged++
			if i >= n-10 {
				far++
			}
		}
	}
	if flagged != 10 || far < 8 {
		t.Errorf("%d flagged, %d of them far samples; want 10 (5%% of 200), mostly far", flagged, far)
	}
	fresh := []float32{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 2.5, 0.1, 2.9, 0, 2.2, 0.3}
	p, err := det.Predict(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if p[0] || !p[1] {
		t.Errorf("fresh near sample flagged %v, far one %v", p[0], p[1])
	}
	bad := train.NewDetector(spec, 0.5, train.FitOptions{}, train.SVDDOptions{})
	if err := bad.Fit(context.Background(), x, []int{d}); err == nil {
		t.Error("contamination 0.5 fits")
	}
	if _, err := (&nets.Detector{}).Score(x); err == nil {
		t.Error("Score before Fit works")
	}
}

package nets

import (
	"fmt"
	"math"

	"github.com/go-autoencoders/ae/graph"
)

// AnomalyScores returns the anomaly score of each sample of x (rows of
// the net's input, in its scaled units): SampleScores of its
// reconstruction under the net's loss. A score is a finite number ≥ 0,
// 0 only for a perfect reconstruction, and grows as a sample moves away
// from what the net reconstructs: an anomaly, for a net trained on normal
// samples only. Penalties (L1, KL) are not part of the score. A score that
// is not finite (a value of x that is not) is a *ScoreError naming the
// row.
//
// A Deep SVDD model (objective "svdd") scores a sample by the squared
// distance of its code to the centre instead.
func (a *Autoencoder) AnomalyScores(x []float32) ([]float64, error) {
	if a.plan.spec.IsSVDD() {
		return a.svddScores(x)
	}
	s, _, err := a.ScoreReconstructed(x)
	return s, err
}

// ScoreReconstructed returns AnomalyScores of x and the reconstructions
// of x, for callers that show both (cmd/score's pictures): the one place
// that says how a model scores.
func (a *Autoencoder) ScoreReconstructed(x []float32) ([]float64, []float32, error) {
	r, err := a.Reconstruct(x)
	if err != nil {
		return nil, nil, err
	}
	var s []float64
	if a.plan.spec.IsSVDD() {
		s, err = a.svddScores(x)
	} else {
		s, err = SampleScores(x, r, size(a.plan.spec.Input), a.plan.spec.LossName())
	}
	if err != nil {
		return nil, nil, err
	}
	return s, r, nil
}

// SampleScores returns the anomaly score of each reconstruction against
// its original, both rows of size values: the mean per value of
// FeatureScores.
func SampleScores(orig, recon []float32, size int, loss string) ([]float64, error) {
	scores, err := rowMeans(orig, recon, size, loss, valueScore)
	if err != nil {
		return nil, err
	}
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, &ScoreError{Row: i, Score: s}
		}
	}
	return scores, nil
}

// FeatureScores returns the anomaly score of every value of recon against
// orig, the terms whose means SampleScores returns. For an mse net it is
// the squared error. For a bce net it is the binary cross-entropy less its
// least value for the target (the Kullback-Leibler divergence of the
// reconstruction from the target, as Bernoulli probabilities clipped to
// [1e-7, 1-1e-7] as Keras clips them): ≥ 0, and 0 when the reconstruction
// equals the target. The cross-entropy itself is not a score: it counts
// the target's own entropy, so that a perfect reconstruction of a grey
// value scores above a poor one of a black value, and it falls without
// bound as a target above 1 grows. A target outside [0, 1], which no
// probability reaches, scores the divergence from its nearest bound plus
// its squared distance to that bound, so that its score grows with its
// distance from the range.
func FeatureScores(orig, recon []float32, loss string) ([]float64, error) {
	return valueTerms(orig, recon, loss, valueScore)
}

// ScoreError is an anomaly score that cannot be right: not a finite
// number.
type ScoreError struct {
	Row   int // of the rows scored
	Score float64
}

func (e *ScoreError) Error() string {
	return fmt.Sprintf("nets: row %d scores %v, not a finite score (a value that is not finite?)", e.Row, e.Score)
}

// valueScore returns the anomaly score of one value y reconstructed as r
// (FeatureScores): the loss's excess over its least value for y.
func valueScore(loss string) (func(y, r float64) float64, error) {
	k, err := graph.Loss(loss).Kind()
	if err != nil {
		return nil, fmt.Errorf("nets: %w", err)
	}
	return k.Excess, nil
}

// SampleLosses returns the loss ("bce" or "mse") of each reconstruction
// against its original, both rows of size values, as the mean per value.
// The mean of the bce losses of equal-sized rows is ScoreReconstructions'
// BCE, and likewise for mse. A loss is no anomaly score (SampleScores is):
// a bce loss counts the target's entropy and is negative for targets
// above 1.
func SampleLosses(orig, recon []float32, size int, loss string) ([]float64, error) {
	return rowMeans(orig, recon, size, loss, valueLoss)
}

// FeatureLosses returns the loss of every value of recon against orig: the
// terms whose means SampleLosses returns.
func FeatureLosses(orig, recon []float32, loss string) ([]float64, error) {
	return valueTerms(orig, recon, loss, valueLoss)
}

// valueLoss returns the loss of one value y reconstructed as r.
func valueLoss(loss string) (func(y, r float64) float64, error) {
	k, err := graph.Loss(loss).Kind()
	if err != nil {
		return nil, fmt.Errorf("nets: %w", err)
	}
	return k.Value, nil
}

// perValue returns the function of a value y and its reconstruction r
// that a loss names: valueScore or valueLoss.
type perValue func(loss string) (func(y, r float64) float64, error)

// rowMeans returns, for each row of size values of orig, the mean over
// its values of per(loss) against recon's.
func rowMeans(orig, recon []float32, size int, loss string, per perValue) ([]float64, error) {
	if size <= 0 || len(orig) != len(recon) || len(orig)%size != 0 {
		return nil, fmt.Errorf("nets: %d originals and %d reconstructions are not whole rows of %d values", len(orig), len(recon), size)
	}
	f, err := per(loss)
	if err != nil {
		return nil, err
	}
	means := make([]float64, len(orig)/size)
	for i := range means {
		var s float64
		for j := i * size; j < (i+1)*size; j++ {
			s += f(float64(orig[j]), float64(recon[j]))
		}
		means[i] = s / float64(size)
	}
	return means, nil
}

// valueTerms returns per(loss) of every value of orig against recon's.
func valueTerms(orig, recon []float32, loss string, per perValue) ([]float64, error) {
	if len(orig) != len(recon) {
		return nil, fmt.Errorf("nets: %d originals and %d reconstructions", len(orig), len(recon))
	}
	f, err := per(loss)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(orig))
	for i, y := range orig {
		out[i] = f(float64(y), float64(recon[i]))
	}
	return out, nil
}

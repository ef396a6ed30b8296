package nets

import (
	"fmt"
	"math"
)

// Scores are reconstruction errors per pixel, averaged over every pixel of
// every image.
type Scores struct {
	// BCE is the binary cross-entropy of the reconstructions as
	// probabilities, clipped to [1e-7, 1-1e-7] as Keras does.
	BCE float64
	// MSE is the mean squared error.
	MSE float64
}

// bceEpsilon is Keras's backend epsilon, the clip of probabilities.
const bceEpsilon = 1e-7

// ScoreReconstructions compares reconstructions with their originals.
func ScoreReconstructions(orig, recon []float32) (Scores, error) {
	if len(orig) != len(recon) || len(orig) == 0 {
		return Scores{}, fmt.Errorf("nets: %d originals and %d reconstructions", len(orig), len(recon))
	}
	var bce, mse float64
	for i, y := range orig {
		p := min(max(float64(recon[i]), bceEpsilon), 1-bceEpsilon)
		t := float64(y)
		bce -= t*math.Log(p) + (1-t)*math.Log(1-p)
		d := float64(recon[i]) - t
		mse += d * d
	}
	n := float64(len(orig))
	return Scores{BCE: bce / n, MSE: mse / n}, nil
}

// Evaluate reconstructs x (rows of the net's input) and scores the
// reconstructions.
func (a *Autoencoder) Evaluate(x []float32) (Scores, error) {
	r, err := a.Reconstruct(x)
	if err != nil {
		return Scores{}, err
	}
	return ScoreReconstructions(x, r)
}

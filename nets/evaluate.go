package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
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

// ScoreReconstructions compares reconstructions with their originals.
func ScoreReconstructions(orig, recon []float32) (Scores, error) {
	if len(orig) != len(recon) || len(orig) == 0 {
		return Scores{}, fmt.Errorf("nets: %d originals and %d reconstructions", len(orig), len(recon))
	}
	bceKind, _ := graph.BCE.Kind()
	mseKind, _ := graph.MSE.Kind()
	var bce, mse float64
	for i, y := range orig {
		bce += bceKind.Value(float64(y), float64(recon[i]))
		mse += mseKind.Value(float64(y), float64(recon[i]))
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

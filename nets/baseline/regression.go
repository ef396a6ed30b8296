package baseline

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// FeatureRegression is the least-squares linear map, with a bias, from a
// few features of a sample to the whole sample: the baseline of a concrete
// autoencoder, which reconstructs the sample from the features it selected.
type FeatureRegression struct {
	Dim      int
	Features []int
	W        *mat.Dense // (len(Features)+1) × Dim, the bias last
}

// FitFeatureRegression fits the map from the features cols of the samples
// of x (dim values each, row after row) to the samples, with a small ridge
// (1e-6) so that duplicate or constant features do not make it singular.
func FitFeatureRegression(x []float32, dim int, cols []int) (*FeatureRegression, error) {
	if dim <= 0 || len(x) == 0 || len(x)%dim != 0 {
		return nil, fmt.Errorf("baseline: regression: %d values are not whole samples of %d", len(x), dim)
	}
	if len(cols) == 0 || slices.ContainsFunc(cols, func(c int) bool { return c < 0 || c >= dim }) {
		return nil, fmt.Errorf("baseline: regression: features %v of %d-value samples", cols, dim)
	}
	k := len(cols) + 1
	ata := mat.NewSymDense(k, nil)
	atx := mat.NewDense(k, dim, nil)
	a := make([]float64, k)
	for r := 0; r < len(x)/dim; r++ {
		row := x[r*dim : (r+1)*dim]
		for i, c := range cols {
			a[i] = float64(row[c])
		}
		a[k-1] = 1
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				ata.SetSym(i, j, ata.At(i, j)+a[i]*a[j])
			}
			out := atx.RawRowView(i)
			for j, v := range row {
				out[j] += a[i] * float64(v)
			}
		}
	}
	for i := 0; i < k; i++ {
		ata.SetSym(i, i, ata.At(i, i)+1e-6)
	}
	var ch mat.Cholesky
	if !ch.Factorize(ata) {
		return nil, fmt.Errorf("baseline: regression: the features' Gram matrix is not positive definite")
	}
	w := mat.NewDense(k, dim, nil)
	if err := ch.SolveTo(w, atx); err != nil {
		return nil, fmt.Errorf("baseline: regression: %w", err)
	}
	return &FeatureRegression{Dim: dim, Features: slices.Clone(cols), W: w}, nil
}

// Reconstruct returns the map's reconstructions of the samples of x.
func (f *FeatureRegression) Reconstruct(x []float32) ([]float32, error) {
	if len(x)%f.Dim != 0 {
		return nil, fmt.Errorf("baseline: regression: %d values are not whole samples of %d", len(x), f.Dim)
	}
	k := len(f.Features) + 1
	out := make([]float32, len(x))
	for r := 0; r < len(x)/f.Dim; r++ {
		row, o := x[r*f.Dim:(r+1)*f.Dim], out[r*f.Dim:(r+1)*f.Dim]
		for j := range o {
			s := f.W.At(k-1, j)
			for i, c := range f.Features {
				s += float64(row[c]) * f.W.At(i, j)
			}
			o[j] = float32(s)
		}
	}
	return out, nil
}

package baseline

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// PCA is principal component analysis as a linear autoencoder: the code of
// a sample is its projection on the first K principal components of the
// training data, and its reconstruction maps the code back. An autoencoder
// with one linear layer of K units can at best match it.
type PCA struct {
	Dim, K     int
	Mean       []float64
	Components *mat.Dense // Dim×K, orthonormal columns
}

// FitPCA finds the first k principal components of n samples of dim values
// each, stored row after row in x.
func FitPCA(x []float32, dim, k int) (*PCA, error) {
	if dim <= 0 || len(x) == 0 || len(x)%dim != 0 {
		return nil, fmt.Errorf("baseline: PCA: %d values are not whole samples of %d", len(x), dim)
	}
	if k <= 0 || k > dim {
		return nil, fmt.Errorf("baseline: PCA: %d components of %d-value samples", k, dim)
	}
	n := len(x) / dim
	mean := make([]float64, dim)
	for i := 0; i < n; i++ {
		for j, v := range x[i*dim : (i+1)*dim] {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	// the covariance, accumulated in blocks of rows
	cov := mat.NewSymDense(dim, nil)
	const block = 1024
	buf := make([]float64, block*dim)
	for r0 := 0; r0 < n; r0 += block {
		rows := min(block, n-r0)
		for i := 0; i < rows; i++ {
			for j, v := range x[(r0+i)*dim : (r0+i+1)*dim] {
				buf[i*dim+j] = float64(v) - mean[j]
			}
		}
		xc := mat.NewDense(rows, dim, buf[:rows*dim])
		cov.SymRankK(cov, 1/float64(n), xc.T())
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, fmt.Errorf("baseline: PCA: the eigendecomposition of the covariance did not converge")
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	// eigenvalues ascend: the last k columns are the principal components
	comps := mat.NewDense(dim, k, nil)
	for c := 0; c < k; c++ {
		comps.SetCol(c, mat.Col(nil, dim-1-c, &vecs))
	}
	return &PCA{Dim: dim, K: k, Mean: mean, Components: comps}, nil
}

// Reconstruct projects each sample of x on the components and back.
func (p *PCA) Reconstruct(x []float32) ([]float32, error) {
	if len(x)%p.Dim != 0 {
		return nil, fmt.Errorf("baseline: PCA: %d values are not whole samples of %d", len(x), p.Dim)
	}
	n := len(x) / p.Dim
	out := make([]float32, len(x))
	if n == 0 {
		return out, nil
	}
	xc := mat.NewDense(n, p.Dim, nil)
	for i := 0; i < n; i++ {
		for j, v := range x[i*p.Dim : (i+1)*p.Dim] {
			xc.Set(i, j, float64(v)-p.Mean[j])
		}
	}
	var code, back mat.Dense
	code.Mul(xc, p.Components)
	back.Mul(&code, p.Components.T())
	for i := 0; i < n; i++ {
		for j := 0; j < p.Dim; j++ {
			out[i*p.Dim+j] = float32(back.At(i, j) + p.Mean[j])
		}
	}
	return out, nil
}

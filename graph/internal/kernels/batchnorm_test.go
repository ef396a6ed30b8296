package kernels

import "testing"

// TestBatchNormLoops checks the batch-norm loops by hand on a (2, 2, 2)
// input: channel 0 holds 1, 2, 5, 8 and channel 1 holds 0, 0, 0, 4.
func TestBatchNormLoops(t *testing.T) {
	x := []float32{1, 2, 0, 0, 5, 8, 0, 4}
	mean, variance := make([]float32, 2), make([]float32, 2)
	BatchMoments(2, 2, x, mean, variance)
	closeTo(t, "mean", mean, []float32{4, 1}, 1e-7)
	closeTo(t, "variance", variance, []float32{7.5, 3}, 1e-7)
	out := make([]float32, 8)
	ChannelAffine(2, 2, x, []float32{2, -1}, []float32{1, 0.5}, out)
	closeTo(t, "affine", out, []float32{3, 5, 0.5, 0.5, 11, 17, 0.5, -3.5}, 1e-7)
	g := []float32{1, 1, 1, 2, 1, 1, 1, 1}
	sums := make([]float32, 4)
	BatchNormGradSums(2, 2, x, g, mean, []float32{0.5, 1}, sums)
	// Σg per channel, and Σg·(x-mean)·invStd
	closeTo(t, "sums", sums, []float32{4, 5, 0.5 * (-3 - 2 + 1 + 4), -1 - 2 - 1 + 3}, 1e-7)
	ChannelAffine2(2, 2, g, x, []float32{1, 2}, []float32{0.5, 0}, []float32{-1, 1}, out)
	closeTo(t, "affine2", out, []float32{0.5, 1, 3, 5, 2.5, 4, 3, 3}, 1e-7)
}

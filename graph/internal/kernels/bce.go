package kernels

// bceGeneric writes sigmoid(z) into sig and returns the sum of the binary
// cross-entropies of the logits z against the targets y.
func bceGeneric(z, y, sig []float32) float32 {
	y, sig = y[:len(z)], sig[:len(z)]
	var part float32
	for i, v := range z {
		e := Exp32(-max(v, -v))
		inv := 1 / (1 + e)
		if v >= 0 {
			sig[i] = inv
		} else {
			sig[i] = e * inv
		}
		part += max(v, 0) - v*y[i] + Log1pSmall(e)
	}
	return part
}

// bceBlock is how many elements one float32 partial sum covers before it
// is added into a float64.
const bceBlock = 1024

// BinaryCrossEntropy writes sigmoid(z) into sig and returns the mean binary
// cross-entropy of the logits z against the targets y, computed stably as
// max(z, 0) - z·y + log(1 + e^-|z|), on up to Workers goroutines. Blocks
// of bceBlock elements are summed in float32 and added in order in
// float64, whatever the worker count.
func BinaryCrossEntropy(z, y, sig []float32) float64 {
	n := len(z)
	if n == 0 {
		return 0
	}
	bce := cur().bce
	blocks := (n + bceBlock - 1) / bceBlock
	return parallelSum(blocks, 4, n, func(lo, hi int) float64 {
		var s float64
		for b := lo; b < hi; b++ {
			from, to := b*bceBlock, min((b+1)*bceBlock, n)
			s += float64(bce(z[from:to], y[from:to], sig[from:to]))
		}
		return s
	}) / float64(n)
}

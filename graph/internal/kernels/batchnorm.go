package kernels

// The batch-normalisation loops work on x of shape (batch, ch, inner), the
// channel being axis 1: (batch, units) has inner 1, (batch, c, h, w) has
// inner h·w. Sums run in float64.

// BatchMoments sets mean[c] and variance[c] to the mean and the biased
// variance (divided by the count, as Keras's BatchNormalization) of
// channel c over the batch and inner axes, in two passes.
func BatchMoments(ch, inner int, x, mean, variance []float32) {
	rows := len(x) / (ch * inner)
	count := float64(rows * inner)
	parallelFor(ch, len(x), func(lo, hi int) {
		for c := lo; c < hi; c++ {
			var s float64
			for r := 0; r < rows; r++ {
				for _, v := range x[(r*ch+c)*inner : (r*ch+c+1)*inner] {
					s += float64(v)
				}
			}
			mu := s / count
			var q float64
			for r := 0; r < rows; r++ {
				for _, v := range x[(r*ch+c)*inner : (r*ch+c+1)*inner] {
					d := float64(v) - mu
					q += d * d
				}
			}
			mean[c], variance[c] = float32(mu), float32(q/count)
		}
	})
}

// ChannelAffine sets out = x·scale[c] + shift[c].
func ChannelAffine(ch, inner int, x, scale, shift, out []float32) {
	row := ch * inner
	parallelFor(len(x)/row, len(x), func(lo, hi int) {
		for i := lo * row; i < hi*row; i += inner {
			c := (i / inner) % ch
			a, b := scale[c], shift[c]
			o := out[i : i+inner]
			for j, v := range x[i : i+inner] {
				o[j] = v*a + b
			}
		}
	})
}

// BatchNormGradSums sets sums[c] to Σ g and sums[ch+c] to Σ g·x̂ over
// channel c, where x̂ = (x - mean[c])·invStd[c] is the normalised input.
// They are the gradients of beta and gamma.
func BatchNormGradSums(ch, inner int, x, g, mean, invStd, sums []float32) {
	rows := len(x) / (ch * inner)
	parallelFor(ch, len(x), func(lo, hi int) {
		for c := lo; c < hi; c++ {
			var sg, sgx float64
			mu := float64(mean[c])
			for r := 0; r < rows; r++ {
				off := (r*ch + c) * inner
				gs := g[off : off+inner]
				for j, v := range x[off : off+inner] {
					sg += float64(gs[j])
					sgx += float64(gs[j]) * (float64(v) - mu)
				}
			}
			sums[c], sums[ch+c] = float32(sg), float32(sgx*float64(invStd[c]))
		}
	})
}

// ChannelAffine2 sets out = g·a[c] + x·b[c] + k[c]: the input gradient of
// batch normalisation, whose three terms are per-channel constants.
func ChannelAffine2(ch, inner int, g, x, a, b, k, out []float32) {
	row := ch * inner
	parallelFor(len(x)/row, len(x), func(lo, hi int) {
		for i := lo * row; i < hi*row; i += inner {
			c := (i / inner) % ch
			ac, bc, kc := a[c], b[c], k[c]
			o, gs := out[i:i+inner], g[i:i+inner]
			for j, v := range x[i : i+inner] {
				o[j] = gs[j]*ac + v*bc + kc
			}
		}
	})
}

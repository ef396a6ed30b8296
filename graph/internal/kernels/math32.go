package kernels

import "math"

// Exp32 returns e^x in float32 with a relative error below 2e-7: a Cephes
// polynomial on x - n·ln2, scaled by 2^n through the exponent bits.
func Exp32(x float32) float32 {
	switch {
	case x < -87.33:
		return 0
	case x > 88.72:
		return float32(math.Inf(1))
	case x != x:
		return x
	}
	t := x * 1.44269504088896341
	var n int32
	if t >= 0 {
		n = int32(t + 0.5)
	} else {
		n = int32(t - 0.5)
	}
	fn := float32(n)
	r := x - fn*0.693359375 - fn*(-2.12194440e-4)
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*r*r + r + 1
	if n < -126 { // subnormal result: scale in two steps
		return y * math.Float32frombits(uint32(n+126+127)<<23) * math.Float32frombits(1<<23)
	}
	return y * math.Float32frombits(uint32(n+127)<<23)
}

// Log1pSmall returns log(1+e) for e in [0, 1] with a relative error below
// 1e-6: 2·atanh(s) for s = e/(2+e) ≤ 1/3, as its odd series, so that small
// e loses nothing to the rounding of 1+e.
func Log1pSmall(e float32) float32 {
	s := e / (2 + e)
	s2 := s * s
	p := float32(1.0 / 15)
	p = p*s2 + 1.0/13
	p = p*s2 + 1.0/11
	p = p*s2 + 1.0/9
	p = p*s2 + 1.0/7
	p = p*s2 + 1.0/5
	p = p*s2 + 1.0/3
	p = p*s2 + 1
	return 2 * s * p
}

// Sigmoid32 returns 1/(1+e^-x) without overflow.
func Sigmoid32(x float32) float32 {
	if x >= 0 {
		return 1 / (1 + Exp32(-x))
	}
	e := Exp32(x)
	return e / (1 + e)
}

// Softplus32Neg returns log(1+exp(-|z|)), the stable tail of the binary
// cross-entropy on logits.
func Softplus32Neg(z float32) float32 {
	if z < 0 {
		z = -z
	}
	return Log1pSmall(Exp32(-z))
}

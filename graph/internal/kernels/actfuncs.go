package kernels

import "math"

// actFunc returns the scalar function of the activations that have no
// loop of their own: tanh, leaky relu, elu and softplus.
func actFunc(act int) func(float32) float32 {
	switch act {
	case ActTanh:
		return Tanh32
	case ActLeakyReLU:
		return leakyReLU
	case ActELU:
		return ELU32
	case ActSoftplus:
		return Softplus32
	}
	return identity
}

// actDeriv returns the derivative of actFunc(act) as a function of its
// output.
func actDeriv(act int) func(y float32) float32 {
	switch act {
	case ActTanh:
		return func(y float32) float32 { return 1 - y*y }
	case ActLeakyReLU:
		return func(y float32) float32 {
			if y > 0 {
				return 1
			}
			return LeakySlope
		}
	case ActELU:
		return func(y float32) float32 {
			if y > 0 {
				return 1
			}
			return y + 1
		}
	case ActSoftplus:
		// σ(x) = 1 - e^-y, through expm1 so that tiny y keeps its digits
		return func(y float32) float32 { return float32(-math.Expm1(-float64(y))) }
	}
	return func(float32) float32 { return 1 }
}

func identity(x float32) float32 { return x }

func leakyReLU(x float32) float32 {
	if x > 0 {
		return x
	}
	return LeakySlope * x
}

// Tanh32 returns tanh(x) with a relative error below 1e-6: its odd series
// near zero, (1-e)/(1+e) with e = exp(-2|x|) elsewhere.
func Tanh32(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	if a < 0.25 {
		x2 := x * x
		return x * (1 + x2*(-1.0/3+x2*(2.0/15+x2*(-17.0/315+x2*(62.0/2835)))))
	}
	e := Exp32(-2 * a)
	t := (1 - e) / (1 + e)
	if x < 0 {
		return -t
	}
	return t
}

// ELU32 returns x for x > 0 and e^x - 1 otherwise (alpha 1).
func ELU32(x float32) float32 {
	if x > 0 {
		return x
	}
	return float32(math.Expm1(float64(x)))
}

// Softplus32 returns log(1 + e^x) without overflow.
func Softplus32(x float32) float32 {
	return max(x, 0) + Softplus32Neg(x)
}

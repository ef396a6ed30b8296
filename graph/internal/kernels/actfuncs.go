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
	case ActLeakyReLU01:
		return leakyReLUTorch
	}
	return identity
}

// Deriv is the derivative of an activation y = f(x) written in terms of
// its output: f'(x), and the derivative of f'(x) with respect to y.
type Deriv func(y float64) (d, dd float64)

// derivs is the one place the activations' derivatives are written:
// ActGrad and the contractive penalty both read it.
var derivs = [NumActs]Deriv{
	ActLinear:  func(float64) (float64, float64) { return 1, 0 },
	ActReLU:    func(y float64) (float64, float64) { return step(y, 0), 0 },
	ActSigmoid: func(y float64) (float64, float64) { return y * (1 - y), 1 - 2*y },
	ActTanh:    func(y float64) (float64, float64) { return 1 - y*y, -2 * y },
	ActLeakyReLU: func(y float64) (float64, float64) {
		return step(y, LeakySlope), 0
	},
	ActELU: func(y float64) (float64, float64) {
		if y > 0 {
			return 1, 0
		}
		return y + 1, 1
	},
	// σ(x) = 1 - e^-y, through expm1 so that tiny y keeps its digits
	ActSoftplus: func(y float64) (float64, float64) { return -math.Expm1(-y), math.Exp(-y) },
	ActLeakyReLU01: func(y float64) (float64, float64) {
		return step(y, LeakySlopeTorch), 0
	},
}

// step is 1 for y > 0 and below otherwise.
func step(y, below float64) float64 {
	if y > 0 {
		return 1
	}
	return below
}

// OutputDeriv returns the derivative of activation act in terms of its
// output.
func OutputDeriv(act int) Deriv { return derivs[act] }

// actDeriv returns f'(x) of activation act as a function of y = f(x), in
// float32.
func actDeriv(act int) func(y float32) float32 {
	d := derivs[act]
	return func(y float32) float32 {
		v, _ := d(float64(y))
		return float32(v)
	}
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

func leakyReLUTorch(x float32) float32 {
	if x > 0 {
		return x
	}
	return LeakySlopeTorch * x
}

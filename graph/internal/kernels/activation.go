package kernels

// Activation kinds, in the order of graph.Activation.
const (
	ActLinear = iota
	ActReLU
	ActSigmoid
	ActTanh
	ActLeakyReLU
	ActELU
	ActSoftplus
	ActLeakyReLU01
	// NumActs is the number of activation kinds.
	NumActs
)

// LeakySlope is the slope of leaky relu below zero, as
// keras.activations.leaky_relu's default.
const LeakySlope = 0.2

// LeakySlopeTorch is the slope of ActLeakyReLU01 below zero, as
// torch.nn.functional.leaky_relu's default.
const LeakySlopeTorch = 0.01

// BiasAct sets out = act(x + b[c]) where x is (batch, ch, inner) and c is
// the channel; with inner == 1 it is a (batch, units) matrix.
func BiasAct(act, ch, inner int, x, b, out []float32) {
	row := ch * inner
	biasActPlane, biasActRow := cur().biasActPlane, cur().biasActRow
	parallelFor(len(x)/row, len(x), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			xr, or := x[r*row:(r+1)*row], out[r*row:(r+1)*row]
			if inner == 1 {
				biasActRow(act, xr, b, or)
				continue
			}
			for c, bc := range b {
				biasActPlane(act, xr[c*inner:(c+1)*inner], bc, or[c*inner:(c+1)*inner])
			}
		}
	})
}

// biasActRowGeneric sets out = act(x + b) element-wise, b holding one value
// per element of x.
func biasActRowGeneric(act int, x, b, out []float32) {
	biasActRowWith(biasActScalar, act, x, b, out)
}

// biasActRowWith is biasActRowGeneric with the sigmoid of plane: the sum,
// then plane's sigmoid over the row, so that a Dense layer's output has the
// values of BiasAct linear followed by Activate.
func biasActRowWith(plane func(act int, x []float32, b float32, out []float32), act int, x, b, out []float32) {
	out, b = out[:len(x)], b[:len(x)]
	switch act {
	case ActReLU:
		for i, v := range x {
			out[i] = max(v+b[i], 0)
		}
	case ActSigmoid:
		for i, v := range x {
			out[i] = v + b[i]
		}
		plane(act, out, 0, out)
	case ActLinear:
		for i, v := range x {
			out[i] = v + b[i]
		}
	case ActLeakyReLU, ActLeakyReLU01:
		slope := leakySlope(act)
		for i, v := range x {
			if s := v + b[i]; s > 0 {
				out[i] = s
			} else {
				out[i] = slope * s
			}
		}
	default:
		f := actFunc(act)
		for i, v := range x {
			out[i] = f(v + b[i])
		}
	}
}

func reluGradGeneric(y, g, out []float32) {
	g, out = g[:len(y)], out[:len(y)]
	for i, v := range y {
		gi := g[i]
		if v <= 0 {
			gi = 0
		}
		out[i] = gi
	}
}

func sumGeneric(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v
	}
	return s
}

func biasActScalar(act int, x []float32, b float32, out []float32) {
	out = out[:len(x)]
	switch act {
	case ActReLU:
		for i, v := range x {
			out[i] = max(v+b, 0)
		}
	case ActSigmoid:
		for i, v := range x {
			out[i] = Sigmoid32(v + b)
		}
	case ActLinear:
		for i, v := range x {
			out[i] = v + b
		}
	case ActLeakyReLU, ActLeakyReLU01:
		slope := leakySlope(act)
		for i, v := range x {
			if s := v + b; s > 0 {
				out[i] = s
			} else {
				out[i] = slope * s
			}
		}
	default:
		f := actFunc(act)
		for i, v := range x {
			out[i] = f(v + b)
		}
	}
}

// Activate sets out = act(x) element-wise, on up to Workers goroutines for
// large x.
func Activate(act int, x, out []float32) {
	biasActPlane := cur().biasActPlane
	parallelFor(len(x), len(x), func(lo, hi int) {
		biasActPlane(act, x[lo:hi], 0, out[lo:hi])
	})
}

// ActGrad sets gz to the gradient through the activation, from its output
// y and the gradient gy of the output: gy times the derivative of derivs.
// Relu, sigmoid and linear have loops of their own.
func ActGrad(act int, y, gy, gz []float32) {
	reluGrad := cur().reluGrad
	parallelFor(len(y), len(y), func(lo, hi int) {
		ys, gs, zs := y[lo:hi], gy[lo:hi], gz[lo:hi]
		switch act {
		case ActReLU:
			reluGrad(ys, gs, zs)
		case ActSigmoid:
			for i, v := range ys {
				zs[i] = gs[i] * v * (1 - v)
			}
		case ActLinear:
			copy(zs, gs)
		default:
			d := actDeriv(act)
			for i, v := range ys {
				zs[i] = gs[i] * d(v)
			}
		}
	})
}

// BiasGrad adds to db the sum of g, (batch, ch, inner), over every axis but
// the channel. The work is split by channel (or by column when inner is
// 1), and every channel's terms are added in batch order, so the result
// does not depend on the worker count.
func BiasGrad(ch, inner int, g, db []float32) {
	row := ch * inner
	if row == 0 {
		return
	}
	rows := len(g) / row
	if inner == 1 {
		add := cur().biasActRow
		parallelFor(ch, len(g), func(lo, hi int) {
			d := db[lo:hi]
			for r := 0; r < rows; r++ {
				add(ActLinear, g[r*row+lo:r*row+hi], d, d)
			}
		})
		return
	}
	sum := cur().sum
	parallelFor(ch, len(g), func(lo, hi int) {
		for c := lo; c < hi; c++ {
			s := db[c]
			for r := 0; r < rows; r++ {
				s += sum(g[r*row+c*inner : r*row+(c+1)*inner])
			}
			db[c] = s
		}
	})
}

// leakySlope is the slope below zero of a leaky relu activation: the
// loops above inline what leakyReLU and leakyReLUTorch compute.
func leakySlope(act int) float32 {
	if act == ActLeakyReLU01 {
		return LeakySlopeTorch
	}
	return LeakySlope
}

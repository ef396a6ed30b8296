package kernels

import "golang.org/x/sys/cpu"

//go:noescape
func reluGradAVX512(y, gy, out *float32, n int)

//go:noescape
func biasActAVX512(x *float32, b float32, out *float32, n int, relu bool)

//go:noescape
func sumAVX512(x *float32, n int) float32

func init() {
	if !cpu.X86.HasAVX512F {
		return
	}
	reluGrad = func(y, g, out []float32) {
		n := len(y) &^ 15
		if n > 0 {
			_, _ = g[n-1], out[n-1]
			reluGradAVX512(&y[0], &g[0], &out[0], n)
		}
		reluGradGeneric(y[n:], g[n:], out[n:])
	}
	biasActPlane = func(act int, x []float32, b float32, out []float32) {
		n := len(x) &^ 15
		if n > 0 && (act == ActLinear || act == ActReLU) {
			_ = out[n-1]
			biasActAVX512(&x[0], b, &out[0], n, act == ActReLU)
			biasActScalar(act, x[n:], b, out[n:])
			return
		}
		biasActScalar(act, x, b, out)
	}
	sum = func(x []float32) float32 {
		n := len(x) &^ 15
		var s float32
		if n > 0 {
			s = sumAVX512(&x[0], n)
		}
		for _, v := range x[n:] {
			s += v
		}
		return s
	}
}

//go:build !purego

package kernels

//go:noescape
func biasRowAVX512(x, b, out *float32, n int, relu bool)

//go:noescape
func biasRowAVX2(x, b, out *float32, n int, relu bool)

// biasRowVector returns the biasActRow of a set whose vector loop vec adds
// lanes elements at a time (relu too), with plane the set's biasActPlane
// for the sigmoid.
func biasRowVector(lanes int, vec func(x, b, out *float32, n int, relu bool), plane func(act int, x []float32, b float32, out []float32)) func(act int, x, b, out []float32) {
	return func(act int, x, b, out []float32) {
		if act != ActLinear && act != ActReLU && act != ActSigmoid {
			biasActRowWith(plane, act, x, b, out) // tanh, elu, ...: no vector loop
			return
		}
		out, b = out[:len(x)], b[:len(x)]
		n := len(x) &^ (lanes - 1)
		relu := act == ActReLU
		if n > 0 {
			vec(&x[0], &b[0], &out[0], n, relu)
		}
		sum := ActLinear
		if relu {
			sum = ActReLU
		}
		biasActRowWith(plane, sum, x[n:], b[n:], out[n:])
		if act == ActSigmoid {
			plane(act, out, 0, out)
		}
	}
}

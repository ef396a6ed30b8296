//go:build !purego

package kernels

// vectorPlane sets out = f(x + b) with the vector loop f of width lanes
// (16 or fewer). The last len(x)%lanes values also go through f, in a
// buffer, so that every value is computed alike wherever a split puts it.
func vectorPlane(lanes int, f func(x *float32, b float32, out *float32, n int), x []float32, b float32, out []float32) {
	n := len(x) / lanes * lanes
	if n > 0 {
		_ = out[n-1]
		f(&x[0], b, &out[0], n)
	}
	if n == len(x) {
		return
	}
	var buf [16]float32
	copy(buf[:], x[n:])
	f(&buf[0], b, &buf[0], lanes)
	copy(out[n:len(x)], buf[:len(x)-n])
}

// vectorCell returns lstmCell on the vector loop f of width lanes (16 or
// fewer). The last len(c)%lanes values also go through f, in buffers, so
// that every value is computed alike wherever a split puts it.
func vectorCell(lanes int, f func(gi, gf, gg, gout, prev, c, tc, h *float32, n int, first bool)) func(gi, gf, gg, gout, prev, c, tc, h []float32) {
	return func(gi, gf, gg, gout, prev, c, tc, h []float32) {
		n := len(c)
		first := prev == nil
		if first {
			prev = gf // not read
		}
		m := n / lanes * lanes
		if m > 0 {
			_, _, _, _, _, _, _ = gi[n-1], gf[n-1], gg[n-1], gout[n-1], prev[n-1], tc[n-1], h[n-1]
			f(&gi[0], &gf[0], &gg[0], &gout[0], &prev[0], &c[0], &tc[0], &h[0], m, first)
		}
		if m == n {
			return
		}
		var buf [8][16]float32
		for i, in := range [][]float32{gi, gf, gg, gout, prev} {
			copy(buf[i][:], in[m:n])
		}
		f(&buf[0][0], &buf[1][0], &buf[2][0], &buf[3][0], &buf[4][0], &buf[5][0], &buf[6][0], &buf[7][0], lanes, first)
		copy(c[m:n], buf[5][:])
		copy(tc[m:n], buf[6][:])
		copy(h[m:n], buf[7][:])
	}
}

// vectorRowsAct marks the activations biasActRowsAVX512 and
// biasActRowsAVX2 compute; the others go through the generic rows.
var vectorRowsAct = [NumActs]bool{ActLinear: true, ActReLU: true, ActSigmoid: true, ActLeakyReLU: true, ActLeakyReLU01: true}

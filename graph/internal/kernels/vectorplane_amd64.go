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

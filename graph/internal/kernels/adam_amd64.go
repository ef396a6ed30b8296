//go:build !purego

package kernels

//go:noescape
func adamAVX512(w, gr, m, v *float32, n int, lr, c1, c2, eps float32)

//go:noescape
func adamAVX2(w, gr, m, v *float32, n int, lr, c1, c2, eps float32)

// adamVector returns the adam loop of a set whose vector loop vec takes
// lanes elements at a time.
func adamVector(lanes int, vec func(w, g, m, v *float32, n int, lr, c1, c2, eps float32)) func(w, g, m, v []float32, lr, c1, c2, eps float32) {
	return func(w, g, m, v []float32, lr, c1, c2, eps float32) {
		n := len(w) &^ (lanes - 1)
		if n > 0 {
			_, _, _ = g[n-1], m[n-1], v[n-1]
			vec(&w[0], &g[0], &m[0], &v[0], n, lr, c1, c2, eps)
		}
		adamGeneric(w[n:], g[n:], m[n:], v[n:], lr, c1, c2, eps)
	}
}

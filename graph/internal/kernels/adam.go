package kernels

import "math"

// Adam applies one step of Adam to the weights w from their gradient g,
// updating the moment estimates m and v in place:
//
//	m += (g - m)·c1
//	v += (g² - v)·c2
//	w -= lr·m / (√v + eps)
//
// where c1 = 1-β1, c2 = 1-β2 and lr is the step's bias-corrected rate. The
// elements are independent, so the split over goroutines changes nothing.
func Adam(w, g, m, v []float32, lr, c1, c2, eps float32) {
	n := len(w)
	g, m, v = g[:n], m[:n], v[:n]
	adam := cur().adam
	parallelFor(n, 4*n, func(lo, hi int) {
		adam(w[lo:hi], g[lo:hi], m[lo:hi], v[lo:hi], lr, c1, c2, eps)
	})
}

func adamGeneric(w, g, m, v []float32, lr, c1, c2, eps float32) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for j, gj := range g {
		m[j] += (gj - m[j]) * c1
		v[j] += (gj*gj - v[j]) * c2
		w[j] -= lr * m[j] / (sqrt32(v[j]) + eps)
	}
}

// sqrt32 is the correctly rounded float32 square root (as VSQRTPS gives).
func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

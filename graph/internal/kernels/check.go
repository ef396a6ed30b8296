package kernels

// The bounds checks of the assembly wrappers: each indexes the last element
// the kernel reads or writes, so that a bad length fails in Go. offs ascend,
// so the last tap reads furthest.

func checkTaps(y []float32, n int, x []float32, offs []int32, w []float32) {
	_, _ = y[n-1], w[len(offs)-1]
	_, _ = x[int(offs[len(offs)-1])+n-1], x[offs[0]]
}

func checkTaps4(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
	_, _ = y[3*ys+n-1], w[3*ws+len(offs)-1]
	_, _ = x[int(offs[len(offs)-1])+n-1], x[offs[0]]
}

func checkDots(acc, g []float32, n int, x []float32, offs []int32) {
	_, _ = acc[16*len(offs)-1], g[n-1]
	_, _ = x[int(offs[len(offs)-1])+n-1], x[offs[0]]
}

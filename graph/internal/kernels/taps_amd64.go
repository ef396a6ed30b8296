package kernels

import "golang.org/x/sys/cpu"

//go:noescape
func tapsAVX512(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)

//go:noescape
func dots3AVX512(acc *float32, gy *float32, n int, x *float32, o0, o1, o2 int)

//go:noescape
func dotsAVX512(acc *float32, gy *float32, n int, x *float32, offs *int32, ntaps int)

//go:noescape
func taps4AVX512(y *float32, ys, n int, x *float32, offs *int32, w *float32, ws, ntaps int)

func init() {
	if cpu.X86.HasAVX512F {
		taps = func(y []float32, n int, x []float32, offs []int32, w []float32) {
			if n == 0 || len(offs) == 0 {
				return
			}
			_, _ = y[n-1], w[len(offs)-1]
			_ = x[int(offs[len(offs)-1])+n-1] // offs ascend
			tapsAVX512(&y[0], n, &x[0], &offs[0], &w[0], len(offs))
		}
		taps4 = func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
			if n == 0 || len(offs) == 0 {
				return
			}
			_, _ = y[3*ys+n-1], w[3*ws+len(offs)-1]
			_ = x[int(offs[len(offs)-1])+n-1] // offs ascend
			taps4AVX512(&y[0], 4*ys, n, &x[0], &offs[0], &w[0], 4*ws, len(offs))
		}
		dots = func(acc, g []float32, n int, x []float32, offs []int32) {
			if n == 0 || len(offs) == 0 {
				return
			}
			_, _ = acc[16*len(offs)-1], g[n-1]
			_ = x[int(offs[len(offs)-1])+n-1] // offs ascend
			t := 0
			for ; t+3 <= len(offs); t += 3 {
				dots3AVX512(&acc[16*t], &g[0], n, &x[0], int(offs[t]), int(offs[t+1]), int(offs[t+2]))
			}
			if t < len(offs) {
				dotsAVX512(&acc[16*t], &g[0], n, &x[0], &offs[t], len(offs)-t)
			}
		}
	}
}

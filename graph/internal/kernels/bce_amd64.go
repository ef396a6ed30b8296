package kernels

import "golang.org/x/sys/cpu"

//go:noescape
func bceAVX512(z, y, sig *float32, n int) float32

func init() {
	if cpu.X86.HasAVX512F {
		bceChunk = func(z, y, sig []float32) float32 {
			n := len(z) &^ 15
			var s float32
			if n > 0 {
				_, _ = y[n-1], sig[n-1]
				s = bceAVX512(&z[0], &y[0], &sig[0], n)
			}
			return s + bceGeneric(z[n:], y[n:], sig[n:])
		}
	}
}

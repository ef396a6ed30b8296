package kernels

import "golang.org/x/sys/cpu"

//go:noescape
func kern8x32avx512(kc int, a, b, c *float32, ldc int)

func init() {
	if cpu.X86.HasAVX512F {
		microKernel = func(kc int, a, b, c []float32, ldc int) {
			kern8x32avx512(kc, &a[0], &b[0], &c[0], ldc)
		}
		kernelName = "avx512"
	}
}

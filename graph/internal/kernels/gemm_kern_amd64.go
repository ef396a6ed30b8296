package kernels

import "golang.org/x/sys/cpu"

//go:noescape
func kern8x32avx512(k int, a *float32, rs, ks int, b *float32, bs int, c *float32, ldc int)

func init() {
	if cpu.X86.HasAVX512F {
		microKernel = func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
			if k == 0 {
				return
			}
			// the last elements read, so that a bad stride fails here
			_, _ = a[(mr-1)*rs+(k-1)*ks], b[(k-1)*bs+nr-1]
			_ = c[(mr-1)*ldc+nr-1]
			kern8x32avx512(k, &a[0], 4*rs, 4*ks, &b[0], 4*bs, &c[0], ldc)
		}
		kernelName = "avx512"
	}
}

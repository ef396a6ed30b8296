//go:build !purego

package kernels

// The NEON loops, in neon_arm64.s: the GEMM micro kernel and the
// convolution taps. Every arm64 CPU has NEON (Advanced SIMD); the other
// loops of the set are the generic ones. Each Go wrapper checks the bounds
// of everything the assembly reads or writes.

//go:noescape
func kern8x8neon(k int, a *float32, rs, ks int, b *float32, bs int, c *float32, ldc int)

//go:noescape
func tapsNEON(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)

//go:noescape
func taps4NEON(y *float32, ys, n int, x *float32, offs *int32, w *float32, ws, ntaps int)

var neonSet = kernelSet{
	name: "neon",
	mr:   8, nr: 8,
	gemm: func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
		if k == 0 {
			return
		}
		_, _ = a[7*rs+(k-1)*ks], b[(k-1)*bs+7]
		_ = c[7*ldc+7]
		kern8x8neon(k, &a[0], 4*rs, 4*ks, &b[0], 4*bs, &c[0], 4*ldc)
	},
	taps: func(y []float32, n int, x []float32, offs []int32, w []float32) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps(y, n, x, offs, w)
		tapsNEON(&y[0], n&^15, &x[0], &offs[0], &w[0], len(offs))
	},
	taps4: func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps4(y, ys, n, x, offs, w, ws)
		taps4NEON(&y[0], 4*ys, n&^15, &x[0], &offs[0], &w[0], 4*ws, len(offs))
	},
}

// archSets returns the NEON set.
func archSets() []*kernelSet { return []*kernelSet{&neonSet} }

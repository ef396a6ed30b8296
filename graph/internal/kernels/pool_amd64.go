package kernels

import "golang.org/x/sys/cpu"

//go:noescape
func pair2x2RowAVX512(r0, r1, out *float32, cols int, sum bool)

//go:noescape
func maxPoolGrad2x2RowAVX512(r0, r1, gy, d0, d1 *float32, cols int)

//go:noescape
func upsample2x2RowAVX512(x, d0, d1 *float32, cols int)

func init() {
	if !cpu.X86.HasAVX512F || !cpu.X86.HasBMI2 {
		return
	}
	maxPool2x2Row = func(r0, r1, out []float32) {
		if cols := len(out); cols > 0 {
			_, _ = r0[2*cols-1], r1[2*cols-1]
			pair2x2RowAVX512(&r0[0], &r1[0], &out[0], cols, false)
		}
	}
	maxPoolGrad2x2Row = func(r0, r1, g, d0, d1 []float32) {
		if cols := len(g); cols > 0 {
			_, _, _, _ = r0[2*cols-1], r1[2*cols-1], d0[2*cols-1], d1[2*cols-1]
			maxPoolGrad2x2RowAVX512(&r0[0], &r1[0], &g[0], &d0[0], &d1[0], cols)
		}
	}
	upsample2x2Row = func(x, d0, d1 []float32) {
		if cols := len(x); cols > 0 {
			_, _ = d0[2*cols-1], d1[2*cols-1]
			upsample2x2RowAVX512(&x[0], &d0[0], &d1[0], cols)
		}
	}
	upsampleGrad2x2Row = func(r0, r1, out []float32) {
		if cols := len(out); cols > 0 {
			_, _ = r0[2*cols-1], r1[2*cols-1]
			pair2x2RowAVX512(&r0[0], &r1[0], &out[0], cols, true)
		}
	}
}

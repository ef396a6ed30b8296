package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestStridedConv checks the im2col convolution and the direct one, with
// both their gradients, against the definition at strides 1 to 3, with
// padding before, after and on both sides, and with kernels smaller than
// the stride, under every kernel set.
func TestStridedConv(t *testing.T) {
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		for _, k := range []struct {
			name string
			new  func(ConvGeom, int) ConvKernel
		}{
			{"gemm", func(g ConvGeom, cout int) ConvKernel { return NewGemmConv(g, cout) }},
			{"direct", func(g ConvGeom, cout int) ConvKernel { return NewConv(g, cout) }},
		} {
			t.Run(k.name, func(t *testing.T) { testStridedConv(t, k.new) })
		}
	})
}

func testStridedConv(t *testing.T, newConv func(ConvGeom, int) ConvKernel) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name                   string
		n, c, h, w, cout, k, s int
		padT, padL, oh, ow     int
	}{
		{"same28s2", 3, 1, 28, 28, 4, 3, 2, 0, 0, 14, 14},
		{"same7s2", 2, 3, 7, 7, 2, 3, 2, 1, 1, 4, 4},
		{"valid9s2", 2, 2, 9, 8, 3, 3, 2, 0, 0, 4, 3},
		{"stride3k2", 1, 2, 8, 7, 2, 2, 3, 0, 0, 3, 2},
		{"kernel1s2", 2, 3, 5, 5, 2, 1, 2, 0, 0, 3, 3},
		{"stride1same", 2, 3, 6, 5, 4, 3, 1, 1, 1, 6, 5},
		{"padBoth", 1, 2, 6, 6, 3, 5, 2, 2, 2, 3, 3},
		{"manyFilters", 5, 8, 6, 6, 16, 3, 2, 0, 0, 3, 3},
		{"transposed14to28", 2, 32, 28, 28, 32, 3, 2, 0, 0, 14, 14},
		{"padRight", 2, 3, 7, 6, 5, 4, 2, 1, 0, 4, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := ConvGeom{C: tc.c, H: tc.h, W: tc.w, KH: tc.k, KW: tc.k, PadT: tc.padT, PadL: tc.padL, OH: tc.oh, OW: tc.ow, SH: tc.s, SW: tc.s}
			x := randSlice(rng, tc.n*tc.c*tc.h*tc.w)
			w := randSlice(rng, tc.cout*tc.c*tc.k*tc.k)
			gy := randSlice(rng, tc.n*tc.cout*g.OH*g.OW)
			wantY, wantDX, wantDW := naiveConv(g, tc.n, tc.cout, x, w, gy)
			conv := newConv(g, tc.cout)
			for range 2 { // scratch reuse must not leak between calls
				y := randSlice(rng, len(wantY))
				conv.Forward(tc.n, x, w, y)
				closeTo(t, "y", y, wantY, 1e-4)
				dx := randSlice(rng, len(wantDX))
				conv.GradInput(tc.n, w, gy, dx)
				closeTo(t, "dx", dx, wantDX, 1e-4)
				dw := make([]float32, len(wantDW))
				dw[0] = 1 // GradKernel adds
				conv.GradKernel(tc.n, x, gy, dw)
				dw[0]--
				closeTo(t, "dw", dw, wantDW, 1e-4)
			}
		})
	}
}

// TestIm2ColAdjoint checks ⟨Im2Col(x), c⟩ = ⟨x, Col2Im(c)⟩ at several
// strides and paddings.
func TestIm2ColAdjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, g := range []ConvGeom{
		{C: 2, H: 5, W: 7, KH: 3, KW: 3, PadT: 1, PadL: 1, OH: 5, OW: 7},
		{C: 1, H: 6, W: 6, KH: 3, KW: 2, PadT: 0, PadL: 1, OH: 3, OW: 4, SH: 2, SW: 2},
		{C: 3, H: 4, W: 9, KH: 1, KW: 4, PadT: 0, PadL: 2, OH: 2, OW: 3, SH: 3, SW: 3},
	} {
		t.Run(fmt.Sprintf("%+v", g), func(t *testing.T) {
			x := randSlice(rng, g.C*g.H*g.W)
			c := randSlice(rng, g.C*g.KH*g.KW*g.OH*g.OW)
			col := make([]float32, len(c))
			Im2Col(g, x, col)
			back := make([]float32, len(x))
			Col2Im(g, c, back)
			var a, b float64
			for i := range c {
				a += float64(col[i]) * float64(c[i])
			}
			for i := range x {
				b += float64(x[i]) * float64(back[i])
			}
			if d := a - b; d > 1e-4 || d < -1e-4 {
				t.Fatalf("<Im2Col x, c> = %v, <x, Col2Im c> = %v", a, b)
			}
		})
	}
}

func TestValidRange(t *testing.T) {
	for _, tc := range []struct{ n, s, off, size, lo, hi int }{
		{5, 1, -1, 5, 1, 5},
		{5, 1, 1, 5, 0, 4},
		{14, 2, 2, 28, 0, 13},
		{14, 2, -1, 28, 1, 14},
		{3, 3, 5, 4, 0, 0},
		{3, 2, -7, 4, 3, 3},
	} {
		lo, hi := validRange(tc.n, tc.s, tc.off, tc.size)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("validRange(%d, %d, %d, %d) = %d, %d; want %d, %d", tc.n, tc.s, tc.off, tc.size, lo, hi, tc.lo, tc.hi)
		}
	}
}

func BenchmarkGemmConv(b *testing.B) {
	setBenchKernels(b)
	for _, tc := range []struct{ c, h, cout, s, k int }{{1, 28, 32, 2, 3}, {32, 14, 32, 2, 3}, {32, 14, 32, 1, 3}} {
		g := ConvGeom{C: tc.c, H: tc.h, W: tc.h, KH: tc.k, KW: tc.k, OH: (tc.h + tc.s - 1) / tc.s, OW: (tc.h + tc.s - 1) / tc.s, SH: tc.s, SW: tc.s}
		total := max((g.OH-1)*tc.s+tc.k-tc.h, 0)
		g.PadT, g.PadL = total/2, total/2
		const n = 64
		rng := rand.New(rand.NewPCG(1, 2))
		x := randSlice(rng, n*tc.c*tc.h*tc.h)
		w := randSlice(rng, tc.cout*tc.c*tc.k*tc.k)
		y := make([]float32, n*tc.cout*g.OH*g.OW)
		dw := make([]float32, len(w))
		conv := NewGemmConv(g, tc.cout)
		name := fmt.Sprintf("%dx%dx%d-to-%d/s%d", tc.c, tc.h, tc.h, tc.cout, tc.s)
		b.Run(name+"/forward", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				conv.Forward(n, x, w, y)
			}
		})
		b.Run(name+"/input", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				conv.GradInput(n, w, y, x)
			}
		})
		b.Run(name+"/kernel", func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				conv.GradKernel(n, x, y, dw)
			}
		})
	}
}

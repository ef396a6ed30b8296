package kernels

// PackedA is the left operand of matrix products that reuse it, packed
// once into the panels of the kernel set it was packed for: a recurrent
// layer's weights, multiplied into every step.
type PackedA struct {
	m, k int
	a    []float32 // the matrix as given, for another kernel set
	lda  int
	ks   *kernelSet
	d    []float32
}

// Pack sets p to the m×k matrix a, row-major with row stride lda, packed
// for the current kernel set. p reuses its buffer; a must not change while
// p is used.
func (p *PackedA) Pack(m, k int, a []float32, lda int) {
	p.m, p.k, p.a, p.lda, p.ks = m, k, a, lda, cur()
	if k > kc {
		p.d = nil // deeper than one panel: GemmPacked packs as Gemm does
		return
	}
	mr := p.ks.mr
	p.d = grow(p.d, (m+mr-1)/mr*mr*k)
	packA(matrix{a, lda, false, false}, m, mr, 0, k, 1, p.d)
}

// GemmPacked sets C (m×n, row stride ldc) to A·B + beta·C for the packed A
// (m×k) and B (k×n, row stride ldb), as Gemm does: the same values, A's
// packing done once.
func GemmPacked(p *PackedA, n int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if p.d == nil || p.ks != cur() {
		Gemm(false, false, p.m, n, p.k, 1, p.a, p.lda, b, ldb, beta, c, ldc)
		return
	}
	if p.m == 0 || n == 0 {
		return
	}
	if p.k == 0 || beta != 0 {
		scaleC(p.m, n, beta, c, ldc)
		if p.k == 0 {
			return
		}
	}
	g := gemm{ks: p.ks, A: matrix{p.d, p.k, false, true}, B: matrix{b, ldb, false, false}, k: p.k, alpha: 1, zero: beta == 0}
	g.run(p.m, n, c, ldc)
}

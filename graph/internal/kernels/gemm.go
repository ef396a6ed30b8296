package kernels

import (
	"sync"
	"unsafe"
)

// The packed GEMM works on mr×nr tiles of C, the tile of the kernel set in
// use: A is packed into panels of mr rows and B into panels of nr columns,
// kc steps deep, so that the micro kernel reads both sequentially. A micro
// kernel gemm(k, a, rs, ks, b, bs, c, ldc) adds A·B into the mr×nr tile of
// c at stride ldc, where A is mr×k with element (i, p) at a[i·rs + p·ks]
// and B is k×nr with row p at b[p·bs:]. A packed panel has rs = 1, ks = mr
// (or bs = nr); a matrix read in place has its own strides.
const (
	kc      = 256
	maxTile = 8 * 32 // the largest mr·nr of any set
)

// gemmGrain is the least number of multiply-adds worth a goroutine.
const gemmGrain = 1 << 16

// kernGeneric is the portable 4×4 micro kernel: sixteen accumulators and
// eight operands stay in registers on 32-register machines (arm64), and the
// loads go through offsets checked once before the loop.
func kernGeneric(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
	if k <= 0 {
		return
	}
	_, _ = a[3*rs+(k-1)*ks], b[(k-1)*bs+3]
	c0, c1, c2, c3 := c[0:4:4], c[ldc:ldc+4:ldc+4], c[2*ldc:2*ldc+4:2*ldc+4], c[3*ldc:3*ldc+4:3*ldc+4]
	pa, pb := unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0])
	r1, r2, r3 := uintptr(rs)*4, uintptr(2*rs)*4, uintptr(3*rs)*4
	var (
		c00, c01, c02, c03 float32
		c10, c11, c12, c13 float32
		c20, c21, c22, c23 float32
		c30, c31, c32, c33 float32
	)
	var oa, ob uintptr
	for ; k > 0; k-- {
		bv := (*[4]float32)(unsafe.Add(pb, ob))
		b0, b1, b2, b3 := bv[0], bv[1], bv[2], bv[3]
		a0 := *(*float32)(unsafe.Add(pa, oa))
		a1 := *(*float32)(unsafe.Add(pa, oa+r1))
		a2 := *(*float32)(unsafe.Add(pa, oa+r2))
		a3 := *(*float32)(unsafe.Add(pa, oa+r3))
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
		oa += uintptr(ks) * 4
		ob += uintptr(bs) * 4
	}
	c0[0], c0[1], c0[2], c0[3] = c0[0]+c00, c0[1]+c01, c0[2]+c02, c0[3]+c03
	c1[0], c1[1], c1[2], c1[3] = c1[0]+c10, c1[1]+c11, c1[2]+c12, c1[3]+c13
	c2[0], c2[1], c2[2], c2[3] = c2[0]+c20, c2[1]+c21, c2[2]+c22, c2[3]+c23
	c3[0], c3[1], c3[2], c3[3] = c3[0]+c30, c3[1]+c31, c3[2]+c32, c3[3]+c33
}

// Gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where
// op(A) is m×k, op(B) is k×n and C is m×n, with leading dimensions lda, ldb
// and ldc. Large products are split over Workers goroutines in blocks of
// whole tiles of C; every element of C is computed the same way whatever
// the split, so the result does not depend on the worker count.
func Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 || beta != 0 {
		scaleC(m, n, beta, c, ldc)
		if k == 0 || alpha == 0 {
			return
		}
	}
	g := gemm{ks: cur(), A: matrix{a, lda, transA, false}, B: matrix{b, ldb, transB, false}, k: k, alpha: alpha, zero: beta == 0}
	g.run(m, n, c, ldc)
}

// GemmBiasAct sets C = act(A·B + bias) for row-major A (m×k), B (k×n) and
// C (m×n), bias holding one value per column: a Dense layer. The bias and
// the activation are applied to each block of C as soon as it is complete,
// while it is in cache, with the values BiasAct would give.
func GemmBiasAct(m, n, k int, a []float32, lda int, b []float32, ldb int, bias []float32, act int, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	bias = bias[:n]
	g := gemm{ks: cur(), A: matrix{a, lda, false, false}, B: matrix{b, ldb, false, false}, k: k, alpha: 1, zero: true, bias: bias, act: act}
	if k == 0 {
		scaleC(m, n, 0, c, ldc)
		g.epilogue(m, 0, n, c, ldc)
		return
	}
	g.run(m, n, c, ldc)
}

// run computes the product into the m×n matrix C, split over goroutines
// in blocks of whole tiles: columns in whole panels first, then rows in
// whole tiles.
func (g *gemm) run(m, n int, c []float32, ldc int) {
	mr, nr := g.ks.mr, g.ks.nr
	panels, tiles := (n+nr-1)/nr, (m+mr-1)/mr
	w := max(1, min(workers(), panels*tiles, m*n*g.k/gemmGrain))
	cols := min(panels, w)
	rows := min(tiles, w/cols)
	split(rows*cols, rows*cols, func(t, _, _ int) {
		rg, cg := t/cols, t%cols
		j0, j1 := cg*panels/cols*nr, min((cg+1)*panels/cols*nr, n)
		i0, i1 := rg*tiles/rows*mr, min((rg+1)*tiles/rows*mr, m)
		g.block(g.A.rows(i0), i1-i0, j0, j1, c[i0*ldc:], ldc)
	})
}

// gemm is one product: the kernel set, the operands and alpha, and for
// GemmBiasAct the bias and activation of the epilogue.
type gemm struct {
	ks    *kernelSet
	A, B  matrix
	k     int
	alpha float32
	zero  bool      // C starts as zero: each tile is cleared as it is reached
	bias  []float32 // nil: no epilogue
	act   int
}

// epilogue applies the bias and activation to columns j0..j1 of the m
// rows of C at c.
func (g *gemm) epilogue(m, j0, j1 int, c []float32, ldc int) {
	g.ks.biasActRows(g.act, c[j0:], ldc, m, g.bias[j0:j1])
}

type matrix struct {
	d     []float32
	ld    int
	trans bool
	// packed: d holds A's panels, as packA writes them for a depth of
	// ld ≤ kc (PackedA), so that the rows from i0 (a multiple of mr) start
	// at d[i0·ld] as a row-major matrix's do
	packed bool
}

// at returns op(M)[i][j].
func (x matrix) at(i, j int) float32 {
	if x.trans {
		return x.d[j*x.ld+i]
	}
	return x.d[i*x.ld+j]
}

// rows returns op(M) without its first i0 rows.
func (x matrix) rows(i0 int) matrix {
	if x.trans {
		return matrix{x.d[i0:], x.ld, true, false}
	}
	return matrix{x.d[i0*x.ld:], x.ld, false, x.packed}
}

type buffers struct{ a, b, tile []float32 }

var pool = sync.Pool{New: func() any {
	return &buffers{tile: make([]float32, maxTile)}
}}

// Packing a panel pays when this many tiles or more read it: a matrix read
// in place strides through memory, and large strides alias in the cache.
const (
	reusePanels = 4
	reuseTiles  = 32
)

// block computes the columns j0..j1 of the m rows of C at c, with A's
// first row the first of c. A and B are read in place where the micro
// kernel can stride through them and where packing would not pay: A when
// alpha is 1 and few column panels reuse it, B when it is not transposed
// and few row tiles reuse it. The rest is packed.
func (g *gemm) block(A matrix, m, j0, j1 int, c []float32, ldc int) {
	B, k, alpha := g.B, g.k, g.alpha
	mr, nr, kern := g.ks.mr, g.ks.nr, g.ks.gemm
	buf := pool.Get().(*buffers)
	defer pool.Put(buf)
	mp := (m + mr - 1) / mr
	for p0 := 0; p0 < k; p0 += kc {
		kk := min(kc, k-p0)
		packedA := A.packed || alpha != 1 || (j1-j0+nr-1)/nr > reusePanels
		pa := A.d // packed once (PackedA), its depth at most kc
		if !A.packed && packedA {
			buf.a = grow(buf.a, mp*mr*kk)
			packA(A, m, mr, p0, kk, alpha, buf.a)
			pa = buf.a
		}
		for jb := j0; jb < j1; jb += nr {
			nn := min(nr, j1-jb)
			bp, bs := B.d, B.ld
			if B.trans || nn < nr || mp > reuseTiles {
				buf.b = grow(buf.b, nr*kk)
				packB(B, nr, jb, nn, p0, kk, buf.b)
				bp, bs = buf.b, nr
			} else {
				bp = B.d[p0*B.ld+jb:]
			}
			for ib := 0; ib < m; ib += mr {
				mm := min(mr, m-ib)
				var (
					ap     []float32
					rs, ks int
				)
				switch {
				case packedA:
					ap, rs, ks = pa[(ib/mr)*mr*kk:], 1, mr
				case mm < mr:
					buf.a = grow(buf.a, mr*kk)
					packA(A.rows(ib), mm, mr, p0, kk, 1, buf.a)
					ap, rs, ks = buf.a, 1, mr
				case A.trans:
					ap, rs, ks = A.d[p0*A.ld+ib:], 1, A.ld
				default:
					ap, rs, ks = A.d[ib*A.ld+p0:], A.ld, 1
				}
				if g.zero && p0 == 0 {
					if set := g.ks.gemmSet; set != nil && mm == mr && nn == nr {
						set(kk, ap, rs, ks, bp, bs, c[ib*ldc+jb:], ldc)
						continue
					}
					// in cache now, rather than in a pass over all of C
					for i := ib; i < ib+mm; i++ {
						clear(c[i*ldc+jb : i*ldc+jb+nn])
					}
				}
				if mm == mr && nn == nr {
					kern(kk, ap, rs, ks, bp, bs, c[ib*ldc+jb:], ldc)
					continue
				}
				tile := buf.tile[:mr*nr]
				clear(tile)
				kern(kk, ap, rs, ks, bp, bs, tile, nr)
				for i := 0; i < mm; i++ {
					ci := c[(ib+i)*ldc+jb : (ib+i)*ldc+jb+nn]
					for j, v := range tile[i*nr : i*nr+nn] {
						ci[j] += v
					}
				}
			}
			if g.bias != nil && p0+kk == k {
				g.epilogue(m, jb, jb+nn, c, ldc)
			}
		}
	}
}

// packA writes alpha·op(A)[:, p0:p0+kk] as panels of mr rows, each kk steps
// of mr values, zero-padded past m.
func packA(A matrix, m, mr, p0, kk int, alpha float32, dst []float32) {
	for ib := 0; ib < m; ib += mr {
		panel := dst[(ib/mr)*mr*kk : (ib/mr+1)*mr*kk]
		mm := min(mr, m-ib)
		if !A.trans {
			for i := 0; i < mr; i++ {
				if i >= mm {
					for p := 0; p < kk; p++ {
						panel[p*mr+i] = 0
					}
					continue
				}
				row := A.d[(ib+i)*A.ld+p0 : (ib+i)*A.ld+p0+kk]
				for p, v := range row {
					panel[p*mr+i] = alpha * v
				}
			}
			continue
		}
		for p := 0; p < kk; p++ {
			src := A.d[(p0+p)*A.ld+ib:]
			dp := panel[p*mr : p*mr+mr]
			for i := range dp {
				if i < mm {
					dp[i] = alpha * src[i]
				} else {
					dp[i] = 0
				}
			}
		}
	}
}

// packB writes op(B)[p0:p0+kk, jb:jb+nn] as kk steps of nr values,
// zero-padded past nn.
func packB(B matrix, nr, jb, nn, p0, kk int, dst []float32) {
	if !B.trans {
		for p := 0; p < kk; p++ {
			d := dst[p*nr : p*nr+nr]
			copy(d, B.d[(p0+p)*B.ld+jb:(p0+p)*B.ld+jb+nn])
			clear(d[nn:])
		}
		return
	}
	for j := 0; j < nr; j++ {
		if j >= nn {
			for p := 0; p < kk; p++ {
				dst[p*nr+j] = 0
			}
			continue
		}
		col := B.d[(jb+j)*B.ld+p0 : (jb+j)*B.ld+p0+kk]
		for p, v := range col {
			dst[p*nr+j] = v
		}
	}
}

func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// gemmSerial is Gemm on the caller's goroutine alone, for callers that
// already run one product per goroutine (GemmConv).
func gemmSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	scaleC(m, n, beta, c, ldc)
	if k == 0 || alpha == 0 {
		return
	}
	g := gemm{ks: cur(), A: matrix{a, lda, transA, false}, B: matrix{b, ldb, transB, false}, k: k, alpha: alpha}
	g.block(g.A, m, 0, n, c, ldc)
}

package kernels

import "sync"

// The packed GEMM works on mr×nr tiles of C: A is packed into panels of mr
// rows and B into panels of nr columns, kc steps deep, so that the micro
// kernel reads both sequentially.
const (
	mr = 8
	nr = 32
	kc = 256
)

// microKernel adds A·B into the mr×nr tile of c at stride ldc, where A is
// mr×k with element (i, p) at a[i·rs + p·ks] and B is k×nr with row p at
// b[p·bs:]. A packed panel has rs = 1, ks = mr (or bs = nr); a matrix read
// in place has its own strides. The init of an architecture file replaces
// the portable kernel with assembly.
var (
	microKernel = kernGeneric
	kernelName  = "generic"
)

// KernelName names the micro kernel in use: "avx512" or "generic".
func KernelName() string { return kernelName }

func kernGeneric(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
	var acc [mr * nr]float32
	for p := 0; p < k; p++ {
		bp := b[p*bs : p*bs+nr]
		for i := 0; i < mr; i++ {
			av := a[i*rs+p*ks]
			row := acc[i*nr : i*nr+nr]
			for j, bv := range bp {
				row[j] += av * bv
			}
		}
	}
	for i := 0; i < mr; i++ {
		ci := c[i*ldc : i*ldc+nr]
		for j, v := range acc[i*nr : i*nr+nr] {
			ci[j] += v
		}
	}
}

// Gemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where
// op(A) is m×k, op(B) is k×n and C is m×n, with leading dimensions lda, ldb
// and ldc. Large products are split over two goroutines.
func Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	scaleC(m, n, beta, c, ldc)
	if k == 0 || alpha == 0 {
		return
	}
	workers := 1
	if m*n*k >= 1<<17 && Workers > 1 {
		workers = Workers
	}
	gemm(workers, transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc)
}

// gemmSerial is Gemm on the caller's goroutine alone, for callers that
// already run one product per goroutine.
func gemmSerial(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	scaleC(m, n, beta, c, ldc)
	if k == 0 || alpha == 0 {
		return
	}
	gemm(1, transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc)
}

// gemm adds alpha·op(A)·op(B) to C on the given number of goroutines.
func gemm(workers int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	A := matrix{a, lda, transA}
	B := matrix{b, ldb, transB}
	if workers == 1 {
		gemmCols(A, B, m, 0, n, k, alpha, c, ldc)
		return
	}
	var wg sync.WaitGroup
	if panels := (n + nr - 1) / nr; panels >= workers {
		// split the columns of C in whole panels
		per := (panels + workers - 1) / workers
		for w := 0; w < workers; w++ {
			j0, j1 := w*per*nr, min((w+1)*per*nr, n)
			if j0 >= j1 {
				break
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				gemmCols(A, B, m, j0, j1, k, alpha, c, ldc)
			}()
		}
		wg.Wait()
		return
	}
	// a narrow C: split its rows in whole tiles
	tiles := (m + mr - 1) / mr
	per := (tiles + workers - 1) / workers
	for w := 0; w < workers; w++ {
		i0, i1 := w*per*mr, min((w+1)*per*mr, m)
		if i0 >= i1 {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			gemmCols(A.rows(i0), B, i1-i0, 0, n, k, alpha, c[i0*ldc:], ldc)
		}()
	}
	wg.Wait()
}

// rows returns op(M) without its first i0 rows.
func (x matrix) rows(i0 int) matrix {
	if x.trans {
		return matrix{x.d[i0:], x.ld, true}
	}
	return matrix{x.d[i0*x.ld:], x.ld, false}
}

// Workers is how many goroutines a large Gemm uses.
var Workers = 2

type matrix struct {
	d     []float32
	ld    int
	trans bool
}

// at returns op(M)[i][j].
func (x matrix) at(i, j int) float32 {
	if x.trans {
		return x.d[j*x.ld+i]
	}
	return x.d[i*x.ld+j]
}

type buffers struct{ a, b, tile []float32 }

var pool = sync.Pool{New: func() any {
	return &buffers{tile: make([]float32, mr*nr)}
}}

// Packing a panel pays when this many tiles or more read it: a matrix read
// in place strides through memory, and large strides alias in the cache.
const (
	reusePanels = 4
	reuseTiles  = 32
)

// gemmCols computes the columns j0..j1 of C. A and B are read in place
// where the micro kernel can stride through them and where packing would
// not pay: A when alpha is 1 and few column panels reuse it, B when it is
// not transposed and few row tiles reuse it. The rest is packed.
func gemmCols(A, B matrix, m, j0, j1, k int, alpha float32, c []float32, ldc int) {
	buf := pool.Get().(*buffers)
	defer pool.Put(buf)
	mp := (m + mr - 1) / mr
	for p0 := 0; p0 < k; p0 += kc {
		kk := min(kc, k-p0)
		packedA := alpha != 1 || (j1-j0+nr-1)/nr > reusePanels
		if packedA {
			buf.a = grow(buf.a, mp*mr*kk)
			packA(A, m, p0, kk, alpha, buf.a)
		}
		for jb := j0; jb < j1; jb += nr {
			nn := min(nr, j1-jb)
			bp, bs := B.d, B.ld
			if B.trans || nn < nr || mp > reuseTiles {
				buf.b = grow(buf.b, nr*kk)
				packB(B, jb, nn, p0, kk, buf.b)
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
					ap, rs, ks = buf.a[(ib/mr)*mr*kk:], 1, mr
				case mm < mr:
					buf.a = grow(buf.a, mr*kk)
					packA(A.rows(ib), mm, p0, kk, 1, buf.a)
					ap, rs, ks = buf.a, 1, mr
				case A.trans:
					ap, rs, ks = A.d[p0*A.ld+ib:], 1, A.ld
				default:
					ap, rs, ks = A.d[ib*A.ld+p0:], A.ld, 1
				}
				if mm == mr && nn == nr {
					microKernel(kk, ap, rs, ks, bp, bs, c[ib*ldc+jb:], ldc)
					continue
				}
				clear(buf.tile)
				microKernel(kk, ap, rs, ks, bp, bs, buf.tile, nr)
				for i := 0; i < mm; i++ {
					ci := c[(ib+i)*ldc+jb : (ib+i)*ldc+jb+nn]
					for j, v := range buf.tile[i*nr : i*nr+nn] {
						ci[j] += v
					}
				}
			}
		}
	}
}

// packA writes alpha·op(A)[:, p0:p0+kk] as panels of mr rows, each kk steps
// of mr values, zero-padded past m.
func packA(A matrix, m, p0, kk int, alpha float32, dst []float32) {
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
func packB(B matrix, jb, nn, p0, kk int, dst []float32) {
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

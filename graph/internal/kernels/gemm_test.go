package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func naiveGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	A, B := matrix{a, lda, transA, false}, matrix{b, ldb, transB, false}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += float64(A.at(i, p)) * float64(B.at(p, j))
			}
			c[i*ldc+j] = alpha*float32(s) + beta*c[i*ldc+j]
		}
	}
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.Float64()*2 - 1)
	}
	return s
}

// TestGemm compares Gemm with a float64 reference on every transpose
// combination and on sizes around the tile edges of every kernel set
// (4×4, 6×16, 8×32), under every set.
func TestGemm(t *testing.T) {
	sizes := [][3]int{
		{1, 1, 1}, {4, 4, 1}, {5, 5, 3}, {6, 16, 2}, {7, 17, 9}, {8, 32, 5}, {9, 33, 7},
		{12, 48, 256}, {13, 47, 257}, {7, 31, 300}, {64, 100, 513}, {256, 32, 784},
		{3, 784, 32}, {17, 65, 0},
	}
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, sz := range sizes {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, alpha := range []float32{0.5, 1} { // 1 reads A and B in place
					m, n, k := sz[0], sz[1], sz[2]
					t.Run(fmt.Sprintf("%dx%dx%d/%v/%v", m, n, k, tr, alpha), func(t *testing.T) {
						lda, ldb, ldc := k+1, n+2, n+3
						if tr[0] {
							lda = m + 1
						}
						if tr[1] {
							ldb = k + 2
						}
						a := randSlice(rng, max(m, k)*lda+1)
						b := randSlice(rng, max(k, n)*ldb+1)
						c := randSlice(rng, m*ldc)
						want := append([]float32(nil), c...)
						naiveGemm(tr[0], tr[1], m, n, k, alpha, a, lda, b, ldb, 0.25, want, ldc)
						Gemm(tr[0], tr[1], m, n, k, alpha, a, lda, b, ldb, 0.25, c, ldc)
						for i := range c {
							if math.Abs(float64(c[i]-want[i])) > 1e-4*math.Max(1, math.Sqrt(float64(k))) {
								t.Fatalf("c[%d] = %v, want %v", i, c[i], want[i])
							}
						}
					})
				}
			}
		}
	})
}

// TestMicroKernel checks each set's micro kernel alone against the generic
// kernel and a float64 sum, on its own tile, with A read in place
// (row-major and transposed) and packed, for depths around the unrolling.
func TestMicroKernel(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(5, 6))
		mr, nr := ks.mr, ks.nr
		for _, k := range []int{1, 2, 3, 7, 16, 255, 256} {
			for _, st := range []struct{ rs, ks int }{{1, mr}, {k + 3, 1}, {1, mr + 5}} {
				a := randSlice(rng, (mr-1)*st.rs+(k-1)*st.ks+1)
				bs := nr + 2
				b := randSlice(rng, (k-1)*bs+nr)
				ldc := nr + 1
				c := randSlice(rng, mr*ldc)
				want := make([]float64, len(c))
				for i := 0; i < mr; i++ {
					for j := 0; j < nr; j++ {
						var s float64
						for p := 0; p < k; p++ {
							s += float64(a[i*st.rs+p*st.ks]) * float64(b[p*bs+j])
						}
						want[i*ldc+j] = float64(c[i*ldc+j]) + s
					}
				}
				got := append([]float32(nil), c...)
				ks.gemm(k, a, st.rs, st.ks, b, bs, got, ldc)
				for i := 0; i < mr; i++ {
					for j := 0; j < ldc; j++ {
						x := i*ldc + j
						if j == nr {
							if got[x] != c[x] {
								t.Fatalf("k=%d: wrote c[%d], outside the tile", k, x)
							}
							continue
						}
						if d := math.Abs(float64(got[x]) - want[x]); d > 1e-5*math.Sqrt(float64(k)) {
							t.Fatalf("k=%d strides %v: c[%d][%d] = %v, want %v", k, st, i, j, got[x], want[x])
						}
					}
				}
			}
		}
	})
}

// BenchmarkGemm times the products of the seed models under every kernel
// set.
func BenchmarkGemm(b *testing.B) {
	defer active.Store(active.Load())
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ks := range kernelSets {
		active.Store(ks)
		for _, sz := range [][3]int{{256, 32, 784}, {256, 784, 32}, {784, 32, 256}, {512, 512, 512}} {
			m, n, k := sz[0], sz[1], sz[2]
			a, bb, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float32, m*n)
			b.Run(fmt.Sprintf("%s/%dx%dx%d", ks.name, m, n, k), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					Gemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
				}
				b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// TestGemmBetaZero: with beta 0, Gemm sets C to the product whatever C
// held (the sets' gemmSet on whole tiles, a clear and gemm elsewhere),
// against a float64 reference.
func TestGemmBetaZero(t *testing.T) {
	sizes := [][3]int{{8, 32, 5}, {9, 33, 7}, {6, 16, 300}, {256, 32, 784}, {3, 784, 32}, {17, 65, 0}}
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, sz := range sizes {
			m, n, k := sz[0], sz[1], sz[2]
			a, b := randSlice(rng, m*k+1), randSlice(rng, k*n+1)
			c := randSlice(rng, m*n)
			for i := range c {
				c[i] *= 1e30 // what C held must not count
			}
			want := make([]float32, m*n)
			naiveGemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
			Gemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
			for i := range c {
				if math.Abs(float64(c[i]-want[i])) > 1e-4*math.Max(1, math.Sqrt(float64(k))) {
					t.Fatalf("%dx%dx%d: c[%d] = %v, want %v", m, n, k, i, c[i], want[i])
				}
			}
		}
	})
}

// TestGemmPacked: a product with A packed once gives Gemm's values, bit for
// bit, for shapes with partial tiles and panels, a depth past one packed
// panel (Gemm's way), any beta, and on several workers.
func TestGemmPacked(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	rng := rand.New(rand.NewPCG(12, 13))
	var p PackedA
	for _, sz := range [][3]int{{256, 256, 64}, {37, 50, 65}, {5, 3, 2}, {64, 200, kc + 9}} {
		m, n, k := sz[0], sz[1], sz[2]
		lda, ldb, ldc := k+3, n+1, n+2
		a, b := randSlice(rng, m*lda), randSlice(rng, k*ldb)
		p.Pack(m, k, a, lda)
		for _, beta := range []float32{0, 1, 0.5} {
			for _, workers := range []int{1, 3} {
				SetWorkers(workers)
				c0 := randSlice(rng, m*ldc)
				want, got := append([]float32(nil), c0...), append([]float32(nil), c0...)
				Gemm(false, false, m, n, k, 1, a, lda, b, ldb, beta, want, ldc)
				GemmPacked(&p, n, b, ldb, beta, got, ldc)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%d×%d×%d, beta %v, %d workers: C[%d] = %v, Gemm's %v", m, n, k, beta, workers, i, got[i], want[i])
					}
				}
			}
		}
	}
}

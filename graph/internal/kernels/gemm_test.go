package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func naiveGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	A, B := matrix{a, lda, transA}, matrix{b, ldb, transB}
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
// combination and on sizes around the tile edges, with both kernels.
func TestGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kernels := map[string]func(int, []float32, int, int, []float32, int, []float32, int){"generic": kernGeneric}
	if kernelName != "generic" {
		kernels[kernelName] = microKernel
	}
	defer func(k func(int, []float32, int, int, []float32, int, []float32, int)) { microKernel = k }(microKernel)
	for name, kern := range kernels {
		microKernel = kern
		for _, sz := range [][3]int{{1, 1, 1}, {8, 32, 5}, {9, 33, 7}, {7, 31, 300}, {64, 100, 513}, {256, 32, 784}, {3, 784, 32}, {17, 65, 0}} {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, alpha := range []float32{0.5, 1} { // 1 reads A and B in place
					m, n, k := sz[0], sz[1], sz[2]
					t.Run(fmt.Sprintf("%s/%dx%dx%d/%v/%v", name, m, n, k, tr, alpha), func(t *testing.T) {
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
	}
}

func BenchmarkGemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][3]int{{256, 32, 784}, {256, 784, 32}, {784, 32, 256}, {512, 512, 512}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, bb, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float32, m*n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Gemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n)
			}
			b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

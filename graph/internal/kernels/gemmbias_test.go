package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmBiasAct requires GemmBiasAct to give, bit for bit, what Gemm
// followed by BiasAct gives, for every activation, under every kernel set,
// on sizes around the tiles and past one block of k, with the rows and
// columns split over several workers.
func TestGemmBiasAct(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	sizes := [][3]int{{1, 1, 1}, {7, 17, 9}, {9, 33, 7}, {13, 47, 257}, {64, 784, 32}, {256, 32, 784}, {5, 20, 0}}
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, sz := range sizes {
			m, n, k := sz[0], sz[1], sz[2]
			a, b, bias := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, n)
			for act := range NumActs {
				t.Run(fmt.Sprintf("%dx%dx%d/act%d", m, n, k, act), func(t *testing.T) {
					SetWorkers(1)
					z, want := make([]float32, m*n), make([]float32, m*n)
					Gemm(false, false, m, n, k, 1, a, k, b, n, 0, z, n)
					BiasAct(act, n, 1, z, bias, want)
					for _, w := range []int{1, 2, 3} {
						SetWorkers(w)
						got := randSlice(rng, m*n) // every value is set
						GemmBiasAct(m, n, k, a, k, b, n, bias, act, got, n)
						for i := range got {
							if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
								t.Fatalf("%d workers: value %d is %v, want %v", w, i, got[i], want[i])
							}
						}
					}
				})
			}
		}
	})
}

package kernels

import "sync"

// minParallel is the smallest element count worth splitting over
// goroutines.
const minParallel = 1 << 15

// Parallel calls f on contiguous ranges covering [0, n), on Workers
// goroutines when n is large and on the caller's alone otherwise.
func Parallel(n int, f func(lo, hi int)) { parallelFor(n, n, f) }

// parallelFor calls f on contiguous ranges covering [0, n), on Workers
// goroutines when the work, in elements touched, is large enough.
func parallelFor(n, work int, f func(lo, hi int)) {
	if work < minParallel || Workers < 2 || n < 2 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	per := (n + Workers - 1) / Workers
	for lo := per; lo < n; lo += per {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			f(lo, hi)
		}(lo, min(lo+per, n))
	}
	f(0, min(per, n))
	wg.Wait()
}

// ParallelSum returns the sum of part over ranges covering [0, n), computed
// on Workers goroutines when n is large.
func ParallelSum(n int, part func(lo, hi int) float64) float64 { return parallelSum(n, n, part) }

func parallelSum(n, work int, part func(lo, hi int) float64) float64 {
	var (
		mu  sync.Mutex
		sum float64
	)
	parallelFor(n, work, func(lo, hi int) {
		p := part(lo, hi)
		mu.Lock()
		sum += p
		mu.Unlock()
	})
	return sum
}

package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// workersSet is the worker count set by SetWorkers; 0 follows GOMAXPROCS.
var workersSet atomic.Int64

// SetWorkers sets how many goroutines a large kernel splits its work over;
// n <= 0 follows runtime.GOMAXPROCS(0), the default. Results do not depend
// on it: every reduction adds fixed-size chunks in a fixed order.
func SetWorkers(n int) { workersSet.Store(int64(max(n, 0))) }

// Workers returns how many goroutines a large kernel splits its work over,
// as set by SetWorkers or GOMAXPROCS.
func Workers() int {
	if n := workersSet.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// workers is Workers as the kernels use it: one while Each runs.
func workers() int {
	if eaches.Load() > 0 {
		return 1
	}
	return Workers()
}

// eaches counts the calls of Each in progress.
var eaches atomic.Int64

// Each calls f(i) for i < n, each on its own goroutine but the first, which
// runs on the caller's, and returns when all have. While it runs every
// kernel in the process, in any goroutine, keeps its work on its caller's
// goroutine: the n calls are the split, as when whole batches of a model
// run side by side with one core each. Results do not change, as they
// never depend on the worker count. Workers still reports the setting.
func Each(n int, f func(i int)) {
	if n <= 1 {
		if n == 1 {
			f(0)
		}
		return
	}
	eaches.Add(1)
	defer eaches.Add(-1)
	eachRange(n, n, func(i, _, _ int) { f(i) })
}

// grain is the least work, in elements touched or multiply-adds, worth a
// goroutine of its own. Tests lower it to split small inputs.
var grain = 1 << 14

// splits returns how many goroutines should share n items of work
// elements in all: at most Workers, at most n, and each with a grain of
// work or more.
func splits(n, work int) int {
	return max(1, min(workers(), n, work/grain))
}

// Parallel calls f on contiguous ranges covering [0, n), on up to Workers
// goroutines when n is large and on the caller's alone otherwise.
func Parallel(n int, f func(lo, hi int)) { parallelFor(n, n, f) }

// parallelFor calls f on contiguous ranges covering [0, n), split over
// goroutines when work, in elements touched, is large enough.
func parallelFor(n, work int, f func(lo, hi int)) {
	split(n, splits(n, work), func(_, lo, hi int) { f(lo, hi) })
}

// split calls f(i, lo, hi) for i < parts on parts near-equal contiguous
// ranges covering [0, n), each on its own goroutine but the first, which
// runs on the caller's. It returns when all have.
func split(n, parts int, f func(i, lo, hi int)) {
	if parts <= 1 {
		f(0, 0, n)
		return
	}
	if teamSplit(n, parts, f) {
		return
	}
	var wg sync.WaitGroup
	for i := 1; i < parts; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, i*n/parts, (i+1)*n/parts)
		}()
	}
	f(0, 0, n/parts)
	wg.Wait()
}

// sumChunk is how many elements one partial sum of ParallelSum covers.
const sumChunk = 1 << 12

// ParallelSum returns the sum of part over ranges covering [0, n), computed
// on up to Workers goroutines when n is large. The ranges are fixed chunks
// of sumChunk elements whatever the worker count, and their sums are added
// in order, so the result does not depend on the worker count.
func ParallelSum(n int, part func(lo, hi int) float64) float64 {
	return parallelSum(n, sumChunk, n, part)
}

// parallelSum returns the in-order sum of part over the chunks of chunk
// items covering [0, n), the chunks split over goroutines when work is
// large enough.
func parallelSum(n, chunk, work int, part func(lo, hi int) float64) float64 {
	if n <= chunk {
		return part(0, n)
	}
	chunks := (n + chunk - 1) / chunk
	sums := make([]float64, chunks)
	split(chunks, splits(chunks, work), func(_, lo, hi int) {
		for c := lo; c < hi; c++ {
			sums[c] = part(c*chunk, min((c+1)*chunk, n))
		}
	})
	var s float64
	for _, v := range sums {
		s += v
	}
	return s
}

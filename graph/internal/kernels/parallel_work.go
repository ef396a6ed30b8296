package kernels

import "sync"

// eachRange splits [0, n) into up to workers contiguous ranges and calls
// f(w, lo, hi) for each on its own goroutine, w numbering the ranges from
// 0; the caller's goroutine runs range 0. It returns how many ranges ran.
func eachRange(n, workers int, f func(w, lo, hi int)) int {
	workers = max(min(workers, n), 1)
	if workers == 1 {
		f(0, 0, n)
		return 1
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	ran := 1
	for w := 1; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, n)
		if lo >= hi {
			break
		}
		ran++
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w, lo, hi)
		}()
	}
	f(0, 0, min(per, n))
	wg.Wait()
	return ran
}

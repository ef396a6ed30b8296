package graph

import "github.com/go-autoencoders/ae/graph/internal/kernels"

// SetThreads sets how many goroutines the kernels of every op split a
// large computation over; n <= 0 follows runtime.GOMAXPROCS(0), the
// default. Results do not depend on it: reductions add fixed-size chunks in
// a fixed order.
func SetThreads(n int) { kernels.SetWorkers(n) }

// Threads returns how many goroutines the kernels split a large
// computation over.
func Threads() int { return kernels.Workers() }

// SetKernelSet selects the inner loops of the ops by instruction set:
// "avx512", "avx2", "neon" or "generic". The default is the best the CPU
// runs; naming one it lacks is an error, and the set in use stays. It must
// not be called while a graph runs.
func SetKernelSet(name string) error { return kernels.SetKernelSet(name) }

// The errors of SetKernelSet: a name no CPU runs, and a set this CPU lacks.
var (
	ErrUnknownKernelSet     = kernels.ErrUnknownKernelSet
	ErrKernelSetUnsupported = kernels.ErrKernelSetUnsupported
)

// KernelSet names the set of inner loops in use.
func KernelSet() string { return kernels.KernelName() }

// KernelSets lists the sets this CPU runs, the best first; the last is
// always "generic".
func KernelSets() []string { return kernels.KernelSets() }

// Concurrently calls f(i) for i < n, f(0) on the caller's goroutine and
// each other on its own, and returns when all have. While it runs, no op's
// kernels in the process split their work over threads: the n calls are
// the split (Threads still reports the setting). Inference uses it to run
// whole batches side by side, one per thread, which spares the threads the
// hand-over at every op. Results are those of running the calls one after
// the other.
func Concurrently(n int, f func(i int)) { kernels.Each(n, f) }

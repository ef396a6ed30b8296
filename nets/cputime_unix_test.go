//go:build unix

package nets_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, user and system: on
// a busy machine a steadier clock for benchmarks than the wall.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

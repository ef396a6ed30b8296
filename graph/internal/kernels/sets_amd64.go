//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// archSets returns the assembly sets this CPU can run, best first.
func archSets() []*kernelSet {
	var sets []*kernelSet
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasBMI2 {
		sets = append(sets, &avx512Set)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		sets = append(sets, &avx2Set)
	}
	return sets
}

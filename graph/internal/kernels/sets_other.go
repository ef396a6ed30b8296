//go:build (!amd64 && !arm64) || purego

package kernels

// archSets returns no assembly sets: this build runs the portable Go loops.
func archSets() []*kernelSet { return nil }

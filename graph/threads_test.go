package graph

import (
	"errors"
	"testing"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
)

// TestThreadsAndKernelSets checks that the settings reach the kernels and
// that a bad kernel set is an error that names it.
func TestThreadsAndKernelSets(t *testing.T) {
	defer SetThreads(0)
	defer func(name string) { _ = SetKernelSet(name) }(KernelSet())
	SetThreads(3)
	if Threads() != 3 || kernels.Workers() != 3 {
		t.Fatalf("SetThreads(3): Threads() = %d, kernels.Workers() = %d", Threads(), kernels.Workers())
	}
	SetThreads(0)
	if Threads() < 1 {
		t.Fatalf("SetThreads(0): Threads() = %d", Threads())
	}
	sets := KernelSets()
	for _, name := range sets {
		if err := SetKernelSet(name); err != nil || KernelSet() != name {
			t.Fatalf("SetKernelSet(%q) = %v, KernelSet() = %q", name, err, KernelSet())
		}
	}
	if err := SetKernelSet("mmx"); !errors.Is(err, ErrUnknownKernelSet) {
		t.Fatalf("SetKernelSet(\"mmx\") = %v, want ErrUnknownKernelSet", err)
	}
}

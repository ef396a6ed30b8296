package kernels

import (
	"errors"
	"os"
	"slices"
	"testing"
)

// forEachSet runs f as a subtest under every kernel set this CPU runs,
// each made the active one, and restores the set in use afterwards.
func forEachSet(t *testing.T, f func(t *testing.T, ks *kernelSet)) {
	t.Helper()
	defer active.Store(active.Load())
	for _, ks := range kernelSets {
		active.Store(ks)
		t.Run(ks.name, func(t *testing.T) { f(t, ks) })
	}
}

// TestSetKernelSet checks selection by name, the errors for unknown sets
// and for sets this CPU lacks, and that a failed call keeps the set in use.
func TestSetKernelSet(t *testing.T) {
	defer active.Store(active.Load())
	names := KernelSets()
	if len(names) == 0 || names[len(names)-1] != "generic" {
		t.Fatalf("KernelSets() = %v, want generic last", names)
	}
	want := names[0]
	if env := os.Getenv(EnvKernels); env != "" {
		want = env
	}
	if KernelName() != want {
		t.Fatalf("KernelName() = %q before any choice (%s=%q), want %q", KernelName(), EnvKernels, os.Getenv(EnvKernels), want)
	}
	for _, name := range names {
		if err := SetKernelSet(name); err != nil {
			t.Fatalf("SetKernelSet(%q): %v", name, err)
		}
		if KernelName() != name {
			t.Fatalf("after SetKernelSet(%q), KernelName() = %q", name, KernelName())
		}
	}
	for _, tc := range []struct {
		name string
		want error
	}{
		{"sse", ErrUnknownKernelSet},
		{"", ErrUnknownKernelSet},
		{"AVX2", ErrUnknownKernelSet},
	} {
		if err := SetKernelSet(tc.name); !errors.Is(err, tc.want) {
			t.Errorf("SetKernelSet(%q) = %v, want %v", tc.name, err, tc.want)
		}
	}
	for _, name := range knownSets {
		if slices.Contains(names, name) {
			continue
		}
		before := KernelName()
		if err := SetKernelSet(name); !errors.Is(err, ErrKernelSetUnsupported) {
			t.Errorf("SetKernelSet(%q) on a CPU running %v = %v, want ErrKernelSetUnsupported", name, names, err)
		}
		if KernelName() != before {
			t.Errorf("a failed SetKernelSet(%q) changed the set from %q to %q", name, before, KernelName())
		}
	}
}

// TestSetWorkers checks the default and the explicit worker counts.
func TestSetWorkers(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	for _, tc := range []struct{ set, want int }{{3, 3}, {1, 1}, {16, 16}} {
		SetWorkers(tc.set)
		if got := Workers(); got != tc.want {
			t.Errorf("SetWorkers(%d): Workers() = %d", tc.set, got)
		}
	}
	SetWorkers(0)
	def := Workers()
	SetWorkers(-5)
	if Workers() != def || def < 1 {
		t.Errorf("Workers() = %d after SetWorkers(-5), %d after SetWorkers(0); want GOMAXPROCS", Workers(), def)
	}
}

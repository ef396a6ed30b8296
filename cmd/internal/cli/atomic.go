package cli

import (
	"github.com/go-autoencoders/ae/graph/safetensors"
)

// AtomicFile is a file written through a temporary file in the same
// folder and renamed over its path by Close, so that a failed or
// interrupted command leaves the path as it was (safetensors.AtomicFile).
type AtomicFile = safetensors.AtomicFile

// CreateAtomic starts writing path; a new file is readable by all (0644).
func CreateAtomic(path string) (*AtomicFile, error) { return safetensors.CreateAtomic(path, 0o644) }

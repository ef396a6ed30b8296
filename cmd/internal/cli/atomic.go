package cli

import (
	"bufio"
	"os"
	"path/filepath"
)

// AtomicFile is a file written through a temporary file in the same
// folder and renamed over its path by Close, so that a failed or
// interrupted command leaves the path as it was.
type AtomicFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

// CreateAtomic starts writing path.
func CreateAtomic(path string) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// Write writes to the temporary file.
func (a *AtomicFile) Write(b []byte) (int, error) { return a.w.Write(b) }

// Close flushes, syncs and renames the file into place; on error the
// temporary file is removed.
func (a *AtomicFile) Close() error {
	err := a.w.Flush()
	if err == nil {
		err = a.f.Chmod(0o644)
	}
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.f.Name(), a.path)
	}
	if err != nil {
		os.Remove(a.f.Name())
	}
	return err
}

// Abort removes the temporary file.
func (a *AtomicFile) Abort() {
	a.f.Close()
	os.Remove(a.f.Name())
}

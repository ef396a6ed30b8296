package safetensors

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes f to the named file, atomically replacing any existing
// file.
//
// The data is written to a temporary file in the same directory, synced to
// stable storage and then renamed over path, so that path holds either its
// old contents or the complete new file. On error the temporary file is
// removed and an existing file at path is left untouched. A new file gets
// permission bits 0644; a replaced file keeps its own.
func WriteFile(path string, f *File) error {
	names, err := validate(f)
	if err != nil {
		return wrapError(err, path)
	}
	if err := writeFileAtomic(path, f, names); err != nil {
		return fmt.Errorf("safetensors: writing %s: %w", path, err)
	}
	return nil
}

// writeFileAtomic implements WriteFile for a validated f.
func writeFileAtomic(path string, f *File, names []string) error {
	perm := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	err = encode(tmp, f, names)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	// Make the rename durable. Not all systems can sync a directory, and
	// the new file is in place either way, so failure is ignored.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ReadFile reads the named safetensors file. See Read for the checks it
// makes; errors name the path.
func ReadFile(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	defer fh.Close()
	size := int64(-1)
	if fi, err := fh.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	f, err := decode(fh, size)
	if err != nil {
		if _, ok := err.(*FormatError); ok {
			return nil, wrapError(err, path)
		}
		return nil, fmt.Errorf("safetensors: reading %s: %w", path, err)
	}
	return f, nil
}

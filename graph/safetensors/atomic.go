package safetensors

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempSuffix follows the target's name in the names of the temporary files
// of WriteFile, WriteFileAtomic and AtomicFile: ".NAME.tmp" and a decimal
// number.
const tempSuffix = ".tmp"

// WriteFileAtomic writes data to the named file atomically, as WriteFile
// writes a File: through a temporary file in the same directory, synced
// and renamed over path, so that path holds either its old contents or all
// of data, whatever happens. On error the temporary file is removed and an
// existing file is left untouched. A new file gets permission bits perm
// (not masked by the umask); a replaced file keeps its own. Errors are
// *fs.PathError values naming path, as os.WriteFile's.
//
// It serves the other files a training run keeps (CSV logs, pictures,
// JSON) as well as safetensors files.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	err := writeAtomic(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return nil
}

// writeAtomic writes path through a temporary file that write fills.
func writeAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := CreateAtomic(path, perm)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

// AtomicFile is a file written atomically, the streaming form of
// WriteFileAtomic: its writes go, buffered, to a temporary file in the
// same directory, which Close syncs and renames over the path, so that the
// path holds either its old contents or everything written. Abort, or a
// Close that fails, removes the temporary file and leaves the path as it
// was. A process killed while writing leaves the temporary file behind,
// which RemoveStaleTemps removes.
type AtomicFile struct {
	path string
	perm os.FileMode
	f    *os.File
	w    *bufio.Writer
	done bool // Close or Abort ran
}

// CreateAtomic starts writing the named file atomically. A new file gets
// permission bits perm (not masked by the umask); a replaced file keeps
// its own.
func CreateAtomic(path string, perm os.FileMode) (*AtomicFile, error) {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tempSuffix+"*")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{path: path, perm: perm, f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// Name returns the path the file is written to.
func (a *AtomicFile) Name() string { return a.path }

// Write writes b to the temporary file.
func (a *AtomicFile) Write(b []byte) (int, error) { return a.w.Write(b) }

// Close flushes and syncs the temporary file and renames it over the
// path; on error it removes the temporary file instead. Close after Close
// or Abort does nothing.
func (a *AtomicFile) Close() error {
	if a.done {
		return nil
	}
	a.done = true
	err := a.w.Flush()
	if err == nil {
		err = a.f.Chmod(a.perm)
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
		return err
	}
	// Make the rename durable. Not all systems can sync a directory, and
	// the new file is in place either way, so failure is ignored.
	if d, err := os.Open(filepath.Dir(a.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort removes the temporary file, leaving the path as it was; after
// Close it does nothing, so that it can be deferred.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.f.Close()
	os.Remove(a.f.Name())
}

// RemoveStaleTemps removes from dir the temporary files that WriteFile,
// WriteFileAtomic and AtomicFile leave behind when the process dies while writing one of
// the named files (".NAME.tmp" followed by digits), and returns the paths
// it removed. Only regular files of exactly that form are touched.
//
// A temporary file may belong to a write in progress in another process:
// call RemoveStaleTemps only while no other process writes these files,
// for instance while holding a lock on dir.
func RemoveStaleTemps(dir string, names ...string) ([]string, error) {
	for _, n := range names {
		if n == "" || n == "." || n == ".." || n != filepath.Base(n) {
			return nil, fmt.Errorf("safetensors: removing temporary files: %q is not a file name", n)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("safetensors: removing temporary files: %w", err)
	}
	var removed []string
	var errs []error
	for _, e := range ents {
		if !e.Type().IsRegular() || !isTempOf(e.Name(), names) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, p)
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("safetensors: removing temporary files: %w", err)
	}
	return removed, nil
}

// isTempOf reports whether file is the name of a temporary file of one of
// names.
func isTempOf(file string, names []string) bool {
	for _, n := range names {
		num, ok := strings.CutPrefix(file, "."+n+tempSuffix)
		if ok && num != "" && strings.Trim(num, "0123456789") == "" {
			return true
		}
	}
	return false
}

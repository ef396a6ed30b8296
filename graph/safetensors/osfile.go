package safetensors

import (
	"fmt"
	"io"
	"os"
)

// WriteFile writes f to the named file, atomically replacing any existing
// file.
//
// The data is written to a temporary file in the same directory, synced to
// stable storage and then renamed over path, so that path holds either its
// old contents or the complete new file. On error the temporary file is
// removed and an existing file at path is left untouched. A new file gets
// permission bits 0644; a replaced file keeps its own. A process killed
// while writing leaves the temporary file ".NAME.tmpNNN" behind, which
// RemoveStaleTemps removes.
func WriteFile(path string, f *File) error {
	names, err := validate(f)
	if err != nil {
		return wrapError(err, path)
	}
	err = writeAtomic(path, 0o644, func(w io.Writer) error { return encode(w, f, names) })
	if err != nil {
		return fmt.Errorf("safetensors: writing %s: %w", path, err)
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

//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package train

import (
	"errors"
	"io/fs"
	"os"
)

// kernelReleasesLocks tells whether a dead holder's lock goes with it.
const kernelReleasesLocks = false

// acquire creates the lock file at path, returning errHeld if it exists.
func acquire(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, errHeld
	}
	return f, err
}

// release closes and removes the lock file.
func release(f *os.File) error {
	err := f.Close()
	if rerr := os.Remove(f.Name()); err == nil {
		err = rerr
	}
	return err
}

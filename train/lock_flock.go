//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package train

import (
	"errors"
	"os"
	"syscall"
)

// kernelReleasesLocks tells whether a dead holder's lock goes with it.
const kernelReleasesLocks = true

// acquire opens the lock file at path and takes an exclusive flock on it,
// returning errHeld if another open file holds one.
func acquire(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errHeld
		}
		return nil, &os.PathError{Op: "flock", Path: path, Err: err}
	}
	return f, nil
}

// release empties the lock file, so that it names no holder, unlocks it
// and closes it. The file is not removed: a process that opened it before
// the removal would lock a file no longer in the folder.
func release(f *os.File) error {
	err := f.Truncate(0)
	if uerr := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err == nil {
		err = uerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

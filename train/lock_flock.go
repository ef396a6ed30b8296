//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package train

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// kernelReleasesLocks tells whether a dead holder's lock goes with it.
const kernelReleasesLocks = true

// lockTries is how often acquire tries again when the file it locked was
// removed by the holder before it.
const lockTries = 100

// acquire opens the lock file at path and takes an exclusive flock on it,
// returning errHeld if another open file holds one. A holder removes the
// file before it unlocks it, so a file this process opened earlier may be
// gone from path when its flock succeeds: that lock locks nothing, and
// acquire opens path again.
func acquire(path string) (*os.File, error) {
	for range lockTries {
		f, err := lockFile(path)
		if err != nil {
			return nil, err
		}
		at, err := isAt(f, path)
		if err != nil {
			f.Close()
			return nil, err
		}
		if at {
			return f, nil
		}
		f.Close()
	}
	return nil, errHeld
}

// lockFile opens the file at path and takes an exclusive flock on it.
func lockFile(path string) (*os.File, error) {
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

// isAt reports whether f is the file at path.
func isAt(f *os.File, path string) (bool, error) {
	held, err := f.Stat()
	if err != nil {
		return false, err
	}
	now, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(held, now), nil
}

// release removes the lock file while it still holds the lock, then
// unlocks and closes it: a process that opened the file before the
// removal and locks it afterwards sees that it is gone (acquire).
func release(f *os.File) error {
	var err error
	if at, aerr := isAt(f, f.Name()); aerr != nil || at {
		if err = aerr; err == nil {
			err = os.Remove(f.Name())
		}
	}
	if uerr := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err == nil {
		err = uerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

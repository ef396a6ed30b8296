package train

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// LockFile is the name of the file LockDir holds in a folder.
const LockFile = ".lock"

// A LockedError reports a folder that another process, or another LockDir
// of this one, has locked.
type LockedError struct {
	Dir string
	PID int // the holder's process ID, 0 if unknown
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
	}
	return fmt.Sprintf("train: %s is in use by %s (it holds %s)", e.Dir, who, filepath.Join(e.Dir, LockFile))
}

// errHeld is what acquire returns for a lock file held by someone else.
var errHeld = errors.New("lock held")

// LockDir locks the folder dir, which must exist, for this process, so
// that two runs do not write the same checkpoints. It holds an exclusive
// lock on dir/.lock (flock(2) on Linux, macOS and the BSDs) and writes its
// process ID into it. If the folder is already locked, LockDir fails at
// once with a *LockedError naming the folder and the holder's process ID.
//
// unlock releases the lock and removes the lock file; calling it again
// does nothing. With flock the kernel releases the lock of a process that
// dies, and the file it leaves behind is taken over by the next LockDir;
// elsewhere LockDir creates the lock file exclusively, so a process that
// dies leaves the folder locked until the file is deleted.
func LockDir(dir string) (unlock func() error, err error) {
	path := filepath.Join(dir, LockFile)
	f, err := acquire(path)
	if errors.Is(err, errHeld) {
		return nil, &LockedError{Dir: dir, PID: readPID(path)}
	}
	if err != nil {
		return nil, fmt.Errorf("train: locking %s: %w", dir, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := f.Truncate(0); err != nil { // a dead holder's ID
		release(f)
		return nil, fmt.Errorf("train: locking %s: %w", dir, err)
	}
	if _, err := f.WriteAt(pid, 0); err != nil {
		release(f)
		return nil, fmt.Errorf("train: locking %s: %w", dir, err)
	}
	var once sync.Once
	var uerr error
	return func() error {
		once.Do(func() {
			if uerr = release(f); uerr != nil {
				uerr = fmt.Errorf("train: unlocking %s: %w", dir, uerr)
			}
		})
		return uerr
	}, nil
}

// readPID returns the process ID in the lock file at path, or 0.
func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid < 0 {
		return 0
	}
	return pid
}

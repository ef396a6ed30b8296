package train

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestLockDirTwice(t *testing.T) {
	dir := t.TempDir()
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := readPID(filepath.Join(dir, LockFile)); got != os.Getpid() {
		t.Errorf("lock file names process %d, want %d", got, os.Getpid())
	}
	_, err = LockDir(dir)
	var le *LockedError
	if !errors.As(err, &le) || le.Dir != dir || le.PID != os.Getpid() {
		t.Fatalf("second LockDir = %v, want a *LockedError for %s held by %d", err, dir, os.Getpid())
	}
	if msg := err.Error(); !strings.Contains(msg, dir) || !strings.Contains(msg, strconv.Itoa(os.Getpid())) {
		t.Errorf("error %q does not name the folder and the process", msg)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if err := unlock(); err != nil {
		t.Fatalf("second unlock: %v", err)
	}
	again, err := LockDir(dir)
	if err != nil {
		t.Fatalf("LockDir after unlock: %v", err)
	}
	if err := again(); err != nil {
		t.Fatal(err)
	}
}

func TestLockDirMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	_, err := LockDir(dir)
	if err == nil || !strings.Contains(err.Error(), dir) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LockDir of a missing folder = %v", err)
	}
	var le *LockedError
	if errors.As(err, &le) {
		t.Fatal("a missing folder is reported as locked")
	}
}

func TestLockedErrorUnknownPID(t *testing.T) {
	e := &LockedError{Dir: "out"}
	if got, want := e.Error(), "train: out is in use by another process (it holds "+filepath.Join("out", LockFile)+")"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

// lockHolder starts this test binary as a process that locks dir, says
// "locked" and holds the lock until its standard input closes.
func lockHolder(t *testing.T, dir string) (cmd *exec.Cmd, stdin io.WriteCloser) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable to re-run:", err)
	}
	cmd = exec.Command(exe, "-test.run=^TestLockDirOtherProcess$")
	cmd.Env = append(os.Environ(), "TRAIN_LOCK_HOLDER_DIR="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, err := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the holder said %q, %v", line, err)
	}
	return cmd, stdin
}

// TestLockDirOtherProcess locks a folder from a child process: LockDir
// fails naming the child, and succeeds once the child unlocks, or, with
// flock, once it is killed.
func TestLockDirOtherProcess(t *testing.T) {
	if dir := os.Getenv("TRAIN_LOCK_HOLDER_DIR"); dir != "" {
		// the child's part
		unlock, err := LockDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString("locked\n")
		io.Copy(io.Discard, os.Stdin)
		if err := unlock(); err != nil {
			t.Fatal(err)
		}
		return
	}
	dir := t.TempDir()
	cmd, stdin := lockHolder(t, dir)
	_, err := LockDir(dir)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != cmd.Process.Pid {
		t.Fatalf("LockDir = %v, want a *LockedError naming process %d", err, cmd.Process.Pid)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the holder: %v", err)
	}
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatalf("LockDir after the holder unlocked: %v", err)
	}
	unlock()

	if !kernelReleasesLocks {
		return
	}
	cmd, _ = lockHolder(t, dir)
	cmd.Process.Kill()
	cmd.Wait()
	unlock, err = LockDir(dir)
	if err != nil {
		t.Fatalf("LockDir after the holder was killed: %v", err)
	}
	unlock()
}

// TestUnlockRemovesLockFile: a released lock leaves no file behind, and a
// lock held elsewhere stays where it is (issue 23, defect 16a).
func TestUnlockRemovesLockFile(t *testing.T) {
	dir := t.TempDir()
	unlock, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockDir(dir); err == nil {
		t.Fatal("a second LockDir succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err != nil {
		t.Fatalf("a refused LockDir removed the holder's lock file: %v", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after unlock the lock file is still there: %v", err)
	}
}

// TestLockDirExclusiveUnderRemoval: goroutines that lock and unlock one
// folder over and over, each unlock removing the lock file, never hold it
// two at a time: a lock taken on a file already removed does not count.
func TestLockDirExclusiveUnderRemoval(t *testing.T) {
	dir := t.TempDir()
	var holders, most, taken atomic.Int32
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				unlock, err := LockDir(dir)
				var le *LockedError
				if errors.As(err, &le) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				n := holders.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				taken.Add(1)
				runtime.Gosched()
				holders.Add(-1)
				if err := unlock(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if most.Load() > 1 {
		t.Fatalf("%d goroutines held the lock at once", most.Load())
	}
	if taken.Load() == 0 {
		t.Fatal("no goroutine ever took the lock")
	}
}

package data

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"runtime/debug"
	"slices"
	"sync"
)

// ErrTooLarge reports data that would take more memory than the readers
// may use: see [MemoryBudget].
var ErrTooLarge = errors.New("too large for this machine's memory")

// fallbackBudget is the budget where the machine's memory is unknown.
const fallbackBudget = 4 << 30

// memoryBudget returns the budget; tests replace it.
var memoryBudget = sync.OnceValue(defaultBudget)

// MemoryBudget returns the most bytes the readers of this package hold
// for the samples of one [Open] call: half the machine's physical memory
// (MemTotal in /proc/meminfo), 4 GiB where that is unknown, and no more
// than the Go memory limit (GOMEMLIMIT) if one is set. Sizes declared by
// headers (.npy shapes, IDX dimensions, image sizes) are checked against
// it before anything is allocated; what would exceed it is [ErrTooLarge].
func MemoryBudget() int64 { return memoryBudget() }

func defaultBudget() int64 {
	b := int64(fallbackBudget)
	if total, ok := totalMemory(); ok {
		b = total / 2
	}
	if lim := debug.SetMemoryLimit(-1); lim > 0 && lim < b {
		b = lim
	}
	return b
}

// A budget is what remains of the memory budget of one Open call.
type budget struct {
	mu   sync.Mutex
	left int64
}

// newBudget returns a budget of MemoryBudget bytes.
func newBudget() *budget { return &budget{left: memoryBudget()} }

// take reserves n bytes (n < 0 meaning more than can be counted) for
// what, or returns an ErrTooLarge error saying so. A nil budget is a
// whole MemoryBudget.
func (b *budget) take(n int64, what string) error {
	if b == nil {
		b = newBudget()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := tooLarge(n, b.left, what); err != nil {
		return err
	}
	b.left -= n
	return nil
}

// check is take without taking.
func (b *budget) check(n int64, what string) error {
	return tooLarge(n, b.available(), what)
}

// fitsMemory returns an ErrTooLarge error for what unless n bytes fit in
// a whole MemoryBudget.
func fitsMemory(n int64, what string) error {
	return tooLarge(n, memoryBudget(), what)
}

// available returns the bytes left.
func (b *budget) available() int64 {
	if b == nil {
		return memoryBudget()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.left
}

// tooLarge returns an ErrTooLarge error for what unless n bytes fit in
// the left ones.
func tooLarge(n, left int64, what string) error {
	if n >= 0 && n <= left {
		return nil
	}
	need := "more than 8 EiB"
	if n >= 0 {
		need = FormatBytes(n)
	}
	return fmt.Errorf("%s would take %s: %w (the readers may use %s of it now; see data.MemoryBudget)", what, need, ErrTooLarge, FormatBytes(left))
}

// mulSize returns the product of per and dims, or -1 if it exceeds
// math.MaxInt64 (checked before each multiplication, so it never wraps).
func mulSize(per int64, dims ...int) int64 {
	if per < 0 || slices.ContainsFunc(dims, func(d int) bool { return d < 0 }) {
		return -1
	}
	if per == 0 || slices.Contains(dims, 0) {
		return 0
	}
	n := per
	for _, d := range dims {
		if n > math.MaxInt64/int64(d) {
			return -1
		}
		n *= int64(d)
	}
	return n
}

// addSize returns a+b, or -1 if either is -1 or the sum overflows.
func addSize(a, b int64) int64 {
	if a < 0 || b < 0 || a > math.MaxInt64-b {
		return -1
	}
	return a + b
}

// FormatBytes writes n bytes for a message: "1.5 GiB", "12.0 MiB",
// "3.2 KiB", "512 bytes".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// openRegular opens the file at path for reading if it is a regular file
// or a symlink to one. Anything else (a folder, a FIFO, a device such as
// /dev/zero, a socket) is refused before it is opened, since opening a
// FIFO blocks and reading a device may never end.
func openRegular(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if err := checkRegular(path, fi); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if fi, err = f.Stat(); err == nil {
		err = checkRegular(path, fi)
	}
	if err != nil {
		f.Close()
		return nil, fileError(path, err)
	}
	return f, nil
}

// checkRegular returns a *FileError naming path unless fi, what os.Stat
// says of it, is a regular file.
func checkRegular(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return &FileError{Path: path, Err: fmt.Errorf("not a regular file (%s); the readers read regular files and symlinks to them", fileKind(fi.Mode()))}
}

// fileKind names the kind of file of mode m.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "mode " + m.String()
}

package data

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/sbinet/npyio/npy"
)

func TestNPYFileReadRows(t *testing.T) {
	dir := t.TempDir()
	// Rows of 100,000 values (400 kB), so that 7 rows take three reads.
	const n, d = 9, 100000
	rows := make([][]float32, n)
	for i := range rows {
		rows[i] = make([]float32, d)
		for j := range rows[i] {
			rows[i][j] = float32(i*d + j)
		}
	}
	path := writeNPY(t, dir, "rows.npy", rows)
	nf, err := OpenNPYFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	if nf.Len() != n || nf.Shape()[0] != d || len(nf.Shape()) != 1 || nf.Uint8() || nf.Path() != path {
		t.Fatalf("Len %d, Shape %v, Uint8 %v", nf.Len(), nf.Shape(), nf.Uint8())
	}
	for _, r := range []struct{ start, n int }{{0, 1}, {2, 7}, {8, 1}, {0, 9}, {4, 0}} {
		dst := make([]float32, r.n*d+1)
		dst[r.n*d] = -1
		if err := nf.ReadRows(r.start, r.n, dst); err != nil {
			t.Fatal(err)
		}
		for k, v := range dst[:r.n*d] {
			if v != float32(r.start*d+k) {
				t.Fatalf("ReadRows(%d, %d): value %d = %v, want %v", r.start, r.n, k, v, r.start*d+k)
			}
		}
		if dst[r.n*d] != -1 {
			t.Errorf("ReadRows(%d, %d) wrote past its rows", r.start, r.n)
		}
	}

	for _, r := range []struct {
		start, n, dst int
		text          string
	}{
		{-1, 1, d, "out of range"},
		{8, 2, 2 * d, "out of range"},
		{0, 2, 2*d - 1, "dst holds"},
	} {
		err := nf.ReadRows(r.start, r.n, make([]float32, r.dst))
		var fe *FileError
		if !errors.As(err, &fe) || fe.Path != path || !strings.Contains(err.Error(), r.text) {
			t.Errorf("ReadRows(%d, %d, [%d]) error %v, want a *FileError naming %s containing %q", r.start, r.n, r.dst, err, path, r.text)
		}
	}
}

func TestOpenNPYFileErrors(t *testing.T) {
	dir := t.TempDir()
	valid := npyBytes("<f4", false, []int{2, 2}, f32bytes(1, 2, 3, 4))
	tests := []struct {
		name string
		in   []byte
		err  error
		text string
	}{
		{name: "fortran", in: npyBytes("<f4", true, []int{2, 2}, f32bytes(1, 3, 2, 4)), text: "needs C order"},
		{name: "truncated", in: valid[:len(valid)-1], err: ErrTruncated},
		{name: "trailing", in: append(valid, 0), err: ErrTrailingData},
		{name: "not npy", in: []byte("a,b\n1,2\n"), err: ErrNPY},
		{name: "5-d", in: npyBytes("<f4", false, []int{1, 1, 1, 1, 1}, f32bytes(1)), text: "want 1 to 4 dimensions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".npy")
			write(t, path, tt.in)
			nf, err := OpenNPYFile(path)
			if err == nil {
				nf.Close()
				t.Fatal("OpenNPYFile succeeded, want an error")
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path || !strings.Contains(err.Error(), tt.text) || tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("error %v, want a *FileError naming %s, %v, containing %q", err, path, tt.err, tt.text)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		path := filepath.Join(dir, "missing.npy")
		if _, err := OpenNPYFile(path); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), path) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("NaN in rows", func(t *testing.T) {
		path := filepath.Join(dir, "nan.npy")
		write(t, path, npyBytes("<f4", false, []int{2, 2}, f32bytes(1, 2, float32(math.Inf(1)), 4)))
		nf, err := OpenNPYFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer nf.Close()
		if err := nf.ReadRows(0, 1, make([]float32, 2)); err != nil {
			t.Errorf("row 0: %v", err)
		}
		if err := nf.ReadRows(0, 2, make([]float32, 4)); err == nil || !strings.Contains(err.Error(), "+Inf at index [1 0]") {
			t.Errorf("rows 0 and 1: error %v, want one naming +Inf at index [1 0]", err)
		}
	})
}

// vmRSS returns the resident set size of this process in bytes, from
// /proc/self/status.
func vmRSS(t testing.TB) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no VmRSS in /proc/self/status")
	return 0
}

// writeLargeNPY writes an (n, d) float32 .npy file whose row i is
// pattern i%7, value j of pattern k being 100000k + j.
//
// npyio's writer finds an array's shape by reflection over every element,
// about 1 µs each, a minute for 200 MB; so the header is written here as
// NumPy writes it and checked by npyio's reader, and the data streamed.
func writeLargeNPY(t testing.TB, path string, n, d int) {
	t.Helper()
	pattern := make([][]byte, 7)
	for k := range pattern {
		for j := range d {
			pattern[k] = binary.LittleEndian.AppendUint32(pattern[k], math.Float32bits(float32(k*100000+j)))
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	hdr := npyBytes("<f4", false, []int{n, d}, nil)
	r, err := npy.NewReader(bytes.NewReader(hdr))
	if err != nil || !reflect.DeepEqual(r.Header.Descr.Shape, []int{n, d}) || r.Header.Descr.Type != "'<f4'" {
		t.Fatalf("npyio reads the header as %v, %v", r.Header, err)
	}
	w.Write(hdr)
	for i := range n {
		w.Write(pattern[i%7])
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// readAllRows reads the (n, d) file of writeLargeNPY in blocks of 1 MiB
// through NPYFile, checks every block's first and last values, and
// returns the peak growth of the resident set size over base and the
// rows per second.
func readAllRows(t testing.TB, path string, base int64) (peak int64, rowsPerSec float64) {
	nf, err := OpenNPYFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	d := nf.Shape()[0]
	per := (1 << 20) / (4 * d)
	dst := make([]float32, per*d)
	start := time.Now()
	for i, b := 0, 0; i < nf.Len(); i, b = i+per, b+1 {
		k := min(per, nf.Len()-i)
		if err := nf.ReadRows(i, k, dst[:k*d]); err != nil {
			t.Fatal(err)
		}
		last := i + k - 1
		if dst[0] != float32((i%7)*100000) || dst[k*d-1] != float32((last%7)*100000+d-1) {
			t.Fatalf("rows %d to %d: first and last values %v, %v", i, last, dst[0], dst[k*d-1])
		}
		if b%16 == 0 {
			peak = max(peak, vmRSS(t)-base)
		}
	}
	peak = max(peak, vmRSS(t)-base)
	return peak, float64(nf.Len()) / time.Since(start).Seconds()
}

// TestNPYFileMemory reads a 200 MB .npy file through NPYFile and checks
// that the process's resident memory grows by far less than the file.
func TestNPYFileMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB file")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	const n, d = 51200, 1024 // 200 MiB of float32
	path := filepath.Join(t.TempDir(), "large.npy")
	writeLargeNPY(t, path, n, d)
	runtime.GC()
	debug.FreeOSMemory()
	base := vmRSS(t)
	peak, _ := readAllRows(t, path, base)
	t.Logf("read %d MiB; resident memory grew by at most %.1f MiB", n*d*4>>20, float64(peak)/(1<<20))
	if peak > 48<<20 {
		t.Errorf("resident memory grew by %d MiB reading a %d MiB file, want under 48", peak>>20, n*d*4>>20)
	}
}

// TestNPYFileLarge measures the reading of a large file: set
// DATA_NPY_LARGE_MB to its size. It writes the file in the temporary
// folder and deletes it after.
func TestNPYFileLarge(t *testing.T) {
	mb, _ := strconv.Atoi(os.Getenv("DATA_NPY_LARGE_MB"))
	if mb <= 0 {
		t.Skip("set DATA_NPY_LARGE_MB to run")
	}
	const d = 1024
	n := mb << 20 / (4 * d)
	path := filepath.Join(os.TempDir(), "data-npyfile-large.npy")
	defer os.Remove(path)
	writeLargeNPY(t, path, n, d)
	runtime.GC()
	debug.FreeOSMemory()
	base := vmRSS(t)
	peak, rate := readAllRows(t, path, base)
	t.Logf("%d rows of %d float32 (%d MiB): resident memory %.1f MiB at start, grew by at most %.1f MiB; %.0f rows/s (%.0f MiB/s)",
		n, d, mb, float64(base)/(1<<20), float64(peak)/(1<<20), rate, rate*4*d/(1<<20))
}

package data

import (
	"archive/zip"
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// hugeNPY is a .npy file of 132 bytes whose header declares
// (2**62+1, 1) float32 values: 2**64+4 bytes, which wraps to 4 in uint64.
func hugeNPY() []byte {
	return npyRawHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387905, 1), }", make([]byte, 4))
}

// TestNPYShapeOverflow guards issue 23: a header whose byte count wraps
// must be refused by every reader of .npy data, not panic in makeslice.
func TestNPYShapeOverflow(t *testing.T) {
	b := hugeNPY()
	if len(b) != 132 {
		t.Fatalf("test file of %d bytes, want 132", len(b))
	}
	if _, err := readNPY(bytes.NewReader(b), 0, Options{}); err == nil || !strings.Contains(err.Error(), "4611686018427387905") {
		t.Errorf("readNPY error %v, want one naming the shape", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.npy")
	write(t, path, b)
	for _, opt := range []Options{{}, {FileBacked: true}} {
		if _, err := Open(path, opt); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%+v) error %v, want one naming %s", opt, err, path)
		}
	}
	if _, err := OpenNPYFile(path); err == nil {
		t.Error("OpenNPYFile accepted the file")
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("x.npy")
	w.Write(b)
	zw.Close()
	if _, err := readNPZ(bytes.NewReader(z.Bytes()), int64(z.Len()), "huge.npz", Options{}); err == nil || !strings.Contains(err.Error(), "x.npy") {
		t.Errorf("readNPZ error %v, want one naming x.npy", err)
	}
}

// TestHWCToCHWNoSamples guards issue 23: no samples of a huge shape must
// allocate nothing (it was a fatal out-of-memory for (0, 65536, 65536, 3)).
func TestHWCToCHWNoSamples(t *testing.T) {
	allocs := testing.AllocsPerRun(10, func() { hwcToCHW(nil, []int{3, 64, 64}) })
	if allocs != 0 {
		t.Errorf("hwcToCHW of no samples made %v allocations, want 0", allocs)
	}
}

// TestOpenIDXHugeSample guards issue 23: an IDX file of no samples of
// shape (65536, 65536, 3) is refused by the size of one sample.
func TestOpenIDXHugeSample(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x-idx4-ubyte")
	write(t, path, idxBytes(0x08, []uint32{0, 65536, 65536, 3}, nil))
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "[3 65536 65536]") {
		t.Fatalf("Open error %v, want one naming the sample shape [3 65536 65536]", err)
	}
}

// TestReadFloatsGrows checks readFloats past readChunk values, from a
// stream of unknown length and from one of known length: every value in
// its place.
func TestReadFloatsGrows(t *testing.T) {
	n := 3*readChunk + 5
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	for _, sized := range []bool{false, true} {
		x, err := readFloats(bytes.NewReader(b), dtype{kind: 'u', size: 1}, n, sized)
		if err != nil {
			t.Fatal(err)
		}
		if len(x) != n {
			t.Fatalf("sized %v: %d values, want %d", sized, len(x), n)
		}
		for _, i := range []int{0, 250, readChunk - 1, readChunk, 2*readChunk + 1, n - 1} {
			if x[i] != float32(i%251) {
				t.Errorf("sized %v: x[%d] = %v, want %d", sized, i, x[i], i%251)
			}
		}
		if _, err := readFloats(bytes.NewReader(b[:n-1]), dtype{kind: 'u', size: 1}, n, sized); !errors.Is(err, ErrTruncated) {
			t.Errorf("sized %v: short stream: error %v, want ErrTruncated", sized, err)
		}
	}
	d, err := readData(bytes.NewReader(b), n, false)
	if err != nil || !bytes.Equal(d, b) {
		t.Errorf("readData: %d bytes, %v", len(d), err)
	}
}

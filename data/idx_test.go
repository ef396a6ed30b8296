package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// idxBytes builds an IDX file with the given type code, dimensions and data.
func idxBytes(typ byte, dims []uint32, data []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, data...)
}

// gzipBytes gzips b.
func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// seq returns n bytes counting from 0, wrapping at 256.
func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

func TestReadIDX(t *testing.T) {
	valid := idxBytes(0x08, []uint32{2, 3, 4}, seq(24))
	gz := gzipBytes(t, valid)

	// A gzip stream whose deflate data is damaged.
	corrupt := bytes.Clone(gz)
	for i := 12; i < len(corrupt)-8; i++ {
		corrupt[i] ^= 0x55
	}
	// A gzip stream whose checksum is wrong.
	badCRC := bytes.Clone(gz)
	badCRC[len(badCRC)-8] ^= 0xff
	// A gzip stream with an unknown compression method.
	badHeader := bytes.Clone(gz)
	badHeader[2] = 9

	tests := []struct {
		name     string
		in       []byte
		dims     []int
		data     []byte
		err      error  // want errors.Is(err, this), if not nil
		contains string // want the error text to hold this, if not ""
	}{
		{name: "plain", in: valid, dims: []int{2, 3, 4}, data: seq(24)},
		{name: "gzip", in: gz, dims: []int{2, 3, 4}, data: seq(24)},
		{name: "one dim", in: idxBytes(0x08, []uint32{5}, seq(5)), dims: []int{5}, data: seq(5)},
		{name: "four dims", in: idxBytes(0x08, []uint32{1, 2, 1, 2}, seq(4)), dims: []int{1, 2, 1, 2}, data: seq(4)},
		{name: "empty dim", in: idxBytes(0x08, []uint32{0, 28, 28}, nil), dims: []int{0, 28, 28}, data: []byte{}},
		// Issue 9: a plain file with bytes after the declared data.
		{name: "trailing bytes", in: append(bytes.Clone(valid), 1, 2), err: ErrTrailingData},
		{name: "trailing gzip data", in: gzipBytes(t, append(bytes.Clone(valid), 0)), err: ErrTrailingData},
		{name: "second gzip member", in: append(bytes.Clone(gz), gzipBytes(t, []byte{1})...), err: ErrTrailingData},
		{name: "garbage after gzip member", in: append(bytes.Clone(gz), bytes.Repeat([]byte{1}, 16)...), err: ErrCorrupt},
		{name: "empty file", in: nil, err: ErrTruncated},
		{name: "short magic", in: []byte{0, 0}, err: ErrTruncated},
		{name: "short header", in: valid[:10], err: ErrTruncated},
		{name: "short data", in: valid[:len(valid)-1], err: ErrTruncated},
		{name: "short gzip data", in: gzipBytes(t, valid[:len(valid)-3]), err: ErrTruncated},
		{name: "cut gzip stream", in: gz[:len(gz)/2], err: ErrTruncated},
		{name: "gzip header only", in: gz[:2], err: ErrTruncated},
		// Issue 9: a damaged stream is corrupt, not truncated.
		{name: "corrupt gzip", in: corrupt, err: ErrCorrupt},
		{name: "gzip checksum", in: badCRC, err: ErrCorrupt},
		{name: "gzip header", in: badHeader, err: ErrCorrupt},
		{name: "bad magic", in: append([]byte{1}, valid[1:]...), err: ErrMagic},
		{name: "bad magic second byte", in: append([]byte{0, 8}, valid[2:]...), err: ErrMagic},
		{name: "zero dims", in: idxBytes(0x08, nil, nil), err: ErrMagic},
		{name: "five dims", in: idxBytes(0x08, []uint32{1, 1, 1, 1, 1}, seq(1)), err: ErrMagic},
		{name: "float type", in: idxBytes(0x0D, []uint32{1}, seq(4)), contains: "0x0d (float)"},
		{name: "int type", in: idxBytes(0x0C, []uint32{1}, seq(4)), contains: "0x0c (int)"},
		{name: "unknown type", in: idxBytes(0x42, []uint32{1}, seq(1)), err: ErrMagic, contains: "0x42"},
		{name: "product overflow", in: idxBytes(0x08, []uint32{0xffffffff, 0xffffffff, 0xffffffff}, nil), contains: "more than"},
		{name: "too large", in: idxBytes(0x08, []uint32{1 << 16, 1 << 16}, nil), contains: "more than"},
		// Claims 1 GiB but holds 3 bytes: must fail without allocating it.
		{name: "large claim, short data", in: idxBytes(0x08, []uint32{1 << 30}, seq(3)), err: ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ReadIDX(bytes.NewReader(tt.in))
			if tt.err == nil && tt.contains == "" {
				if err != nil {
					t.Fatalf("ReadIDX: %v", err)
				}
				if !reflect.DeepEqual(m.Dims, tt.dims) {
					t.Errorf("Dims = %v, want %v", m.Dims, tt.dims)
				}
				if !bytes.Equal(m.Data, tt.data) {
					t.Errorf("Data = %v, want %v", m.Data, tt.data)
				}
				return
			}
			if err == nil {
				t.Fatalf("ReadIDX succeeded with dims %v, want an error", m.Dims)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("ReadIDX error %q is not %q", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("ReadIDX error %q does not contain %q", err, tt.contains)
			}
		})
	}
}

func TestReadIDXFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	valid := idxBytes(0x08, []uint32{3, 2}, seq(6))
	plain := write("plain", valid)
	// Gzip is told by content, not by name.
	gzNoSuffix := write("gzipped", gzipBytes(t, valid))
	badMagic := write("bad.gz", append([]byte{7}, valid[1:]...))
	short := write("short", valid[:len(valid)-2])
	missing := filepath.Join(dir, "missing-idx1-ubyte")

	for _, path := range []string{plain, gzNoSuffix} {
		m, err := ReadIDXFile(path)
		if err != nil {
			t.Fatalf("ReadIDXFile(%s): %v", path, err)
		}
		if !reflect.DeepEqual(m.Dims, []int{3, 2}) || !bytes.Equal(m.Data, seq(6)) {
			t.Errorf("ReadIDXFile(%s) = %v %v", path, m.Dims, m.Data)
		}
	}

	tests := []struct {
		name string
		path string
		err  error
	}{
		{"missing", missing, fs.ErrNotExist},
		{"bad magic", badMagic, ErrMagic},
		{"truncated", short, ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadIDXFile(tt.path)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ReadIDXFile error %v is not %v", err, tt.err)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != tt.path {
				t.Errorf("ReadIDXFile error %#v is not a *FileError for %s", err, tt.path)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "data: "+tt.path+": ") || strings.Count(msg, "data: ") != 1 {
				t.Errorf("ReadIDXFile error %q, want \"data: %s: ...\"", msg, tt.path)
			}
		})
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += n
	return n, err
}

// TestReadIDXGzipBomb guards issue 9: a gzip stream whose IDX header
// declares 10 bytes but which expands to 256 MiB must fail after reading
// little more than the header, not decompress it all.
func TestReadIDXGzipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(idxBytes(0x08, []uint32{10}, seq(10))); err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 256 {
		if _, err := zw.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	total := buf.Len()
	cr := &countingReader{r: &buf}
	_, err = ReadIDX(cr)
	if !errors.Is(err, ErrTrailingData) {
		t.Fatalf("ReadIDX error %v, want ErrTrailingData", err)
	}
	if cr.n > 64<<10 {
		t.Errorf("ReadIDX read %d of the %d compressed bytes, want at most 64 KiB", cr.n, total)
	}
}

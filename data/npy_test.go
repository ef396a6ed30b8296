package data

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"codeberg.org/sbinet/npyio/npz"
)

// npyBytes builds a .npy file by hand: version 1.0, the header dictionary
// as NumPy writes it, then data.
func npyBytes(descr string, fortran bool, shape []int, data []byte) []byte {
	order := "False"
	if fortran {
		order = "True"
	}
	var dims []string
	for _, d := range shape {
		dims = append(dims, fmt.Sprint(d))
	}
	sh := "(" + strings.Join(dims, ", ") + ")"
	if len(shape) == 1 {
		sh = fmt.Sprintf("(%d,)", shape[0])
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, sh)
	return npyRawHeader(dict, data)
}

// npyRawHeader frames a header dictionary, padded to 64 bytes as NumPy
// does, and data.
func npyRawHeader(dict string, data []byte) []byte {
	hdr := dict
	for (10+len(hdr)+1)%64 != 0 {
		hdr += " "
	}
	hdr += "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), binary.LittleEndian.AppendUint16(nil, uint16(len(hdr)))...)
	b = append(b, hdr...)
	return append(b, data...)
}

// f32bytes returns the little-endian bytes of v.
func f32bytes(v ...float32) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// writeNPY writes v with npyio to a file in dir and returns its path.
func writeNPY(t testing.TB, dir, name string, v any) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := npy.Write(w, v); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadNPY(t *testing.T) {
	// A (2, 3) array 0..5 in C order, and the same array in Fortran
	// order: column after column.
	cOrder := f32bytes(0, 1, 2, 3, 4, 5)
	fOrder := f32bytes(0, 3, 1, 4, 2, 5)
	// A (2, 2, 3) array: element (i, j, k) = 100i + 10j + k.
	var c3, f3 []float32
	for i := range 2 {
		for j := range 2 {
			for k := range 3 {
				c3 = append(c3, float32(100*i+10*j+k))
			}
		}
	}
	for k := range 3 {
		for j := range 2 {
			for i := range 2 {
				f3 = append(f3, float32(100*i+10*j+k))
			}
		}
	}
	var f64 []byte
	for _, v := range []float64{0.5, -1, 1e10} {
		f64 = binary.LittleEndian.AppendUint64(f64, math.Float64bits(v))
	}
	var i64be []byte
	for _, v := range []int64{-2, 7} {
		i64be = binary.BigEndian.AppendUint64(i64be, uint64(v))
	}

	tests := []struct {
		name  string
		in    []byte
		dims  []int
		x     []float32
		uint8 bool
	}{
		{name: "float32 C", in: npyBytes("<f4", false, []int{2, 3}, cOrder), dims: []int{2, 3}, x: []float32{0, 1, 2, 3, 4, 5}},
		{name: "float32 Fortran", in: npyBytes("<f4", true, []int{2, 3}, fOrder), dims: []int{2, 3}, x: []float32{0, 1, 2, 3, 4, 5}},
		{name: "3-d Fortran", in: npyBytes("<f4", true, []int{2, 2, 3}, f32bytes(f3...)), dims: []int{2, 2, 3}, x: c3},
		{name: "1-d Fortran", in: npyBytes("<f4", true, []int{3}, f32bytes(1, 2, 3)), dims: []int{3}, x: []float32{1, 2, 3}},
		{name: "float64", in: npyBytes("<f8", false, []int{3}, f64), dims: []int{3}, x: []float32{0.5, -1, 1e10}},
		{name: "uint8", in: npyBytes("|u1", false, []int{1, 3}, []byte{0, 128, 255}), dims: []int{1, 3}, x: []float32{0, 128, 255}, uint8: true},
		{name: "int8", in: npyBytes("|i1", false, []int{2}, []byte{0xff, 3}), dims: []int{2}, x: []float32{-1, 3}},
		{name: "big-endian int64", in: npyBytes(">i8", false, []int{2}, i64be), dims: []int{2}, x: []float32{-2, 7}},
		{name: "bool", in: npyBytes("|b1", false, []int{2}, []byte{1, 0}), dims: []int{2}, x: []float32{1, 0}},
		{name: "empty", in: npyBytes("<f4", false, []int{0, 4}, nil), dims: []int{0, 4}, x: []float32{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := readNPY(bytes.NewReader(tt.in), 0, Options{})
			if err != nil {
				t.Fatal(err)
			}
			x, err := a.values()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.dims, tt.dims) || !reflect.DeepEqual(x, tt.x) || a.dtype.isUint8() != tt.uint8 {
				t.Errorf("dims %v, values %v, uint8 %v; want %v, %v, %v", a.dims, x, a.dtype.isUint8(), tt.dims, tt.x, tt.uint8)
			}
		})
	}
}

func TestReadNPYErrors(t *testing.T) {
	valid := npyBytes("<f4", false, []int{2, 3}, f32bytes(0, 1, 2, 3, 4, 5))
	v2 := append([]byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f"), "{}\n"...)
	tests := []struct {
		name string
		in   []byte
		err  error  // errors.Is, if not nil
		text string // in the message
	}{
		{name: "empty", in: nil, err: ErrTruncated},
		{name: "bad magic", in: append([]byte("\x93NUMPX"), valid[6:]...), err: ErrNPY, text: "bad magic"},
		{name: "bad version", in: append([]byte("\x93NUMPY\x04\x00"), valid[8:]...), err: ErrNPY, text: "version 4.0"},
		{name: "short header", in: valid[:30], err: ErrTruncated},
		{name: "short data", in: valid[:len(valid)-1], err: ErrTruncated},
		{name: "trailing data", in: append(bytes.Clone(valid), 0), err: ErrTrailingData},
		{name: "huge header length", in: v2, err: ErrNPY, text: "header of"},
		{name: "no newline", in: append([]byte("\x93NUMPY\x01\x00\x05\x00"), "{'a'}"...), err: ErrNPY},
		{name: "not a dict", in: npyRawHeader("hello", nil), err: ErrNPY},
		{name: "keys out of order", in: npyRawHeader("{'shape': (2,), 'fortran_order': False, 'descr': '<f4', }", f32bytes(1, 2)), err: ErrNPY},
		{name: "no closing brace", in: append([]byte("\x93NUMPY\x01\x00\x40\x00"), []byte("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), '\n       ")[:0x40]...), err: ErrNPY},
		{name: "bad order", in: npyRawHeader("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", f32bytes(1, 2)), err: ErrNPY},
		{name: "bad shape", in: npyRawHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,x), }", nil), err: ErrNPY},
		{name: "negative shape", in: npyRawHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", nil), err: ErrNPY, text: "negative"},
		{name: "complex", in: npyBytes("<c8", false, []int{1}, make([]byte, 8)), text: "unsupported dtype"},
		{name: "string", in: npyBytes("|S3", false, []int{1}, make([]byte, 3)), text: "unsupported dtype"},
		{name: "float16", in: npyBytes("<f2", false, []int{1}, make([]byte, 2)), text: "unsupported dtype"},
		{name: "structured", in: npyRawHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", make([]byte, 4)), text: "unsupported dtype"},
		{name: "scalar", in: npyBytes("<f4", false, nil, f32bytes(1)), text: "scalar"},
		{name: "huge shape", in: npyBytes("<f8", false, []int{1 << 30, 1 << 30}, nil), text: "more than"},
		// Claims 8 GiB but holds 8 bytes: must fail without allocating it.
		{name: "large claim, short data", in: npyBytes("<f8", false, []int{1 << 30}, make([]byte, 8)), err: ErrTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := readNPY(bytes.NewReader(tt.in), 0, Options{})
			if err == nil {
				t.Fatalf("read an array of shape %v, want an error", a.dims)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("error %v is not %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not contain %q", err, tt.text)
			}
		})
	}
}

func TestNPYValuesNaN(t *testing.T) {
	a, err := readNPY(bytes.NewReader(npyBytes("<f4", false, []int{2, 2}, f32bytes(0, 1, float32(math.NaN()), 3))), 0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.values(); err == nil || !strings.Contains(err.Error(), "NaN at index [1 0]") {
		t.Errorf("values error %v, want one naming NaN at index [1 0]", err)
	}
}

// TestOpenNPY reads .npy files written by npyio through Open and checks
// the sample shapes and the NHWC to NCHW conversion.
func TestOpenNPY(t *testing.T) {
	dir := t.TempDir()
	// Two 2x3 images of 2 channels, NHWC: value = 1000n + 100h + 10w + c.
	nhwc := make([][][][]float32, 2)
	for n := range nhwc {
		nhwc[n] = make([][][]float32, 2)
		for h := range 2 {
			nhwc[n][h] = make([][]float32, 3)
			for w := range 3 {
				nhwc[n][h][w] = []float32{float32(1000*n + 100*h + 10*w), float32(1000*n + 100*h + 10*w + 1)}
			}
		}
	}
	// The same values read as NCHW: (C, H, W) = (2, 3, 2).
	var asNCHW, wantNHWC []float32
	for n := range 2 {
		for c := range 2 {
			for h := range 2 {
				for w := range 3 {
					wantNHWC = append(wantNHWC, float32(1000*n+100*h+10*w+c))
				}
			}
		}
		for h := range 2 {
			for w := range 3 {
				asNCHW = append(asNCHW, nhwc[n][h][w]...)
			}
		}
	}
	tests := []struct {
		name   string
		v      any
		layout string
		shape  []int
		x      []float32
		uint8  bool
	}{
		{name: "tabular", v: [][]float64{{1, 2, 3}, {4, 5, 6}}, shape: []int{3}, x: []float32{1, 2, 3, 4, 5, 6}},
		{name: "grey images", v: [][][]uint8{{{1, 2}, {3, 4}}}, shape: []int{1, 2, 2}, x: []float32{1, 2, 3, 4}, uint8: true},
		{name: "nhwc", v: nhwc, shape: []int{2, 2, 3}, x: wantNHWC},
		{name: "nhwc named", v: nhwc, layout: "NHWC", shape: []int{2, 2, 3}, x: wantNHWC},
		{name: "nchw", v: nhwc, layout: "nchw", shape: []int{2, 3, 2}, x: asNCHW},
		{name: "vector", v: []int32{5, 6}, shape: []int{1}, x: []float32{5, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeNPY(t, dir, tt.name+".npy", tt.v)
			for _, fileBacked := range []bool{false, true} {
				split, err := Open(path, Options{Layout: tt.layout, FileBacked: fileBacked})
				if err != nil {
					t.Fatal(err)
				}
				s := split.Train
				x := make([]float32, s.Len()*s.Size())
				if err := s.ReadRows(0, s.Len(), x); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(s.Shape, tt.shape) || !reflect.DeepEqual(x, tt.x) || s.Uint8 != tt.uint8 || s.Labels != nil || s.Source != path {
					t.Errorf("file-backed %v: shape %v, x %v, uint8 %v, labels %v; want %v, %v, %v",
						fileBacked, s.Shape, x, s.Uint8, s.Labels, tt.shape, tt.x, tt.uint8)
				}
				if fileBacked != (s.X == nil) {
					t.Errorf("file-backed %v but X is %v", fileBacked, s.X)
				}
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// writeNPZ writes the arrays of v, in the order of names, into an .npz
// archive in dir with npyio.
func writeNPZ(t *testing.T, dir, name string, names []string, v map[string]any) string {
	t.Helper()
	path := filepath.Join(dir, name)
	w, err := npz.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := w.Write(n, v[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenNPZ(t *testing.T) {
	dir := t.TempDir()
	imgs := func(n int) [][][]uint8 {
		out := make([][][]uint8, n)
		for i := range out {
			out[i] = [][]uint8{{uint8(i), 1}, {2, 3}}
		}
		return out
	}
	keras := writeNPZ(t, dir, "mnist.npz", []string{"x_test.npy", "x_train.npy", "y_train.npy", "y_test.npy"}, map[string]any{
		"x_train.npy": imgs(3), "y_train.npy": []int64{5, 0, 4}, "x_test.npy": imgs(2), "y_test.npy": []uint8{7, 2},
	})
	split, err := Open(keras, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := split.Train; s.Len() != 3 || !reflect.DeepEqual(s.Shape, []int{1, 2, 2}) || !s.Uint8 ||
		!reflect.DeepEqual(s.Labels, []string{"5", "0", "4"}) || !reflect.DeepEqual(s.X[4:8], []float32{1, 1, 2, 3}) {
		t.Errorf("train = %+v", s)
	}
	if s := split.Test; s == nil || s.Len() != 2 || !reflect.DeepEqual(s.Labels, []string{"7", "2"}) {
		t.Errorf("test = %+v", s)
	}

	xy := writeNPZ(t, dir, "xy.npz", []string{"x", "y"}, map[string]any{
		"x": [][]float32{{1, 2}, {3, 4}}, "y": [][]float64{{1.5}, {-2}},
	})
	split, err = Open(xy, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := split.Train; split.Test != nil || !reflect.DeepEqual(s.X, []float32{1, 2, 3, 4}) || !reflect.DeepEqual(s.Labels, []string{"1.5", "-2"}) {
		t.Errorf("x, y: %+v, test %v", s, split.Test)
	}

	single := writeNPZ(t, dir, "single.npz", []string{"arr_0.npy"}, map[string]any{"arr_0.npy": [][]float32{{1, 2}}})
	split, err = Open(single, Options{})
	if err != nil || split.Train.Len() != 1 || split.Train.Labels != nil {
		t.Errorf("single array: %+v, %v", split, err)
	}

	errs := []struct {
		name string
		path string
		text string
	}{
		{"unknown names", writeNPZ(t, dir, "ab.npz", []string{"a.npy", "b.npy"}, map[string]any{"a.npy": []float32{1}, "b.npy": []float32{2}}), "holds arrays a, b; want x_train"},
		{"label count", writeNPZ(t, dir, "count.npz", []string{"x.npy", "y.npy"}, map[string]any{"x.npy": [][]float32{{1}, {2}}, "y.npy": []int64{1}}), "x.npy: 1 labels for 2 samples"},
		{"label shape", writeNPZ(t, dir, "lshape.npz", []string{"x.npy", "y.npy"}, map[string]any{"x.npy": [][]float32{{1}}, "y.npy": [][]int64{{1, 2}}}), "y.npy: labels of shape [1 2]"},
		{"test shape", writeNPZ(t, dir, "tshape.npz", []string{"x_train.npy", "x_test.npy"}, map[string]any{"x_train.npy": [][]float32{{1, 2}}, "x_test.npy": [][]float32{{1}}}), "x_test.npy samples have shape [1] but x_train.npy samples [2]"},
		{"bad entry", writeNPZ(t, dir, "bad.npz", []string{"x.npy"}, map[string]any{"x.npy": []complex64{1}}), "x.npy: npy: unsupported dtype"},
	}
	for _, e := range errs {
		t.Run(e.name, func(t *testing.T) {
			_, err := Open(e.path, Options{})
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != e.path || !strings.Contains(err.Error(), e.text) {
				t.Errorf("error %v, want a *FileError for %s containing %q", err, e.path, e.text)
			}
		})
	}

	t.Run("corrupt", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("x.npy")
		w.Write(npyBytes("<f4", false, []int{64}, make([]byte, 256)))
		zw.Close()
		b := buf.Bytes()
		i := bytes.Index(b, []byte("\x93NUMPY"))
		b[i+100] ^= 0xff // the data, whose CRC-32 no longer matches
		path := filepath.Join(dir, "corrupt.npz")
		write(t, path, b)
		if _, err := Open(path, Options{}); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
			t.Errorf("error %v, want ErrCorrupt naming %s", err, path)
		}
	})
}

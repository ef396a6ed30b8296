package data

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"strconv"
	"testing"
)

// The fuzz targets feed outside bytes to every reader: none may panic, and
// what a reader accepts must be consistent.

func FuzzReadIDX(f *testing.F) {
	valid := idxBytes(0x08, []uint32{2, 3, 4}, seq(24))
	f.Add(valid)
	f.Add(gzipBytes(f, valid))
	f.Add(idxBytes(0x08, []uint32{5}, seq(5)))
	f.Add(append(bytes.Clone(valid), 1))
	f.Add(idxBytes(0x0D, []uint32{1}, seq(4)))
	f.Add(gzipBytes(f, idxBytes(0x08, []uint32{1 << 20}, seq(10))))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadIDX(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range m.Dims {
			n *= d
		}
		if len(m.Data) != n {
			t.Fatalf("dims %v but %d bytes", m.Dims, len(m.Data))
		}
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n3.5,-4e-1\n"), "")
	f.Add([]byte("a,y\n1,\"big, \"\"red\"\" dog\"\n2,\"x\"\n"), "y")
	f.Add([]byte("a,y\r\n1,\"two\nlines\"\r\n\r\n2,b"), "y")
	f.Add([]byte("\xef\xbb\xbfa\n1\n,\n"), "a")
	f.Add([]byte("a,b\n1,NaN\n\"1\"x,2\n"), "b")
	f.Fuzz(func(t *testing.T, b []byte, label string) {
		s, err := ParseCSV(b, "fuzz.csv", label)
		if err != nil {
			return
		}
		if s.Len() == 0 || len(s.X) != s.Len()*s.Size() || label != "" && len(s.Labels) != s.Len() || label == "" && s.Labels != nil {
			t.Fatalf("%d samples of %v, %d values, %d labels", s.Len(), s.Shape, len(s.X), len(s.Labels))
		}
		for _, v := range s.X {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Fatalf("accepted %v", v)
			}
		}
	})
}

// FuzzParseValue checks the fast number parser against strconv.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"-12.345678901234567", "1.00000005960464477539", "0", "-1.5", "0.1", "1234567", "9999999.9", ".5", "5.", "-0", "1e3", "+7", "0.0000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		if len(b) == 0 {
			return
		}
		got, ok := parseSimple(b)
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 32)
		if err != nil {
			t.Fatalf("parseSimple(%q) = %v, but strconv fails: %v", s, got, err)
		}
		if got != float32(want) || math.Signbit(float64(got)) != math.Signbit(want) {
			t.Fatalf("parseSimple(%q) = %v, strconv says %v", s, got, float32(want))
		}
	})
}

func FuzzReadNPY(f *testing.F) {
	f.Add(npyBytes("<f4", false, []int{2, 3}, f32bytes(0, 1, 2, 3, 4, 5)))
	f.Add(npyBytes("<f4", true, []int{2, 3}, f32bytes(0, 3, 1, 4, 2, 5)))
	f.Add(npyBytes("|u1", false, []int{1, 2, 2, 1}, []byte{1, 2, 3, 4}))
	f.Add(npyBytes(">i8", false, []int{1}, make([]byte, 8)))
	f.Add(npyRawHeader("{'shape': (2,), 'fortran_order': False, 'descr': '<f4', }", f32bytes(1, 2)))
	f.Add(append([]byte("\x93NUMPY\x02\x00\x10\x00\x00\x00"), "{'descr': '<f8',\n"...))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := readNPY(bytes.NewReader(b))
		if err != nil {
			return
		}
		if len(a.raw) != a.dtype.size*(&npyHeader{dims: a.dims}).elems() {
			t.Fatalf("shape %v of %d-byte values but %d bytes", a.dims, a.dtype.size, len(a.raw))
		}
		x, err := a.values()
		if err != nil {
			return
		}
		if len(a.dims) <= 4 {
			if s, err := a.toSet(nil, "", "fuzz"); err == nil && len(s.X) != len(x) {
				t.Fatalf("set of %d values from %d", len(s.X), len(x))
			}
		}
	})
}

func FuzzReadNPZ(f *testing.F) {
	zipOf := func(entries map[string][]byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, b := range entries {
			w, _ := zw.Create(name)
			w.Write(b)
		}
		zw.Close()
		return buf.Bytes()
	}
	x := npyBytes("|u1", false, []int{2, 2, 2}, seq(8))
	y := npyBytes("<i8", false, []int{2}, make([]byte, 16))
	f.Add(zipOf(map[string][]byte{"x_train.npy": x, "y_train.npy": y, "x_test.npy": x, "y_test.npy": y}))
	f.Add(zipOf(map[string][]byte{"x.npy": x, "y.npy": y}))
	f.Add(zipOf(map[string][]byte{"arr_0.npy": x}))
	f.Fuzz(func(t *testing.T, b []byte) {
		split, err := readNPZ(bytes.NewReader(b), int64(len(b)), "fuzz.npz", Options{})
		if err != nil {
			return
		}
		for _, s := range []*Set{split.Train, split.Test} {
			if s != nil && (len(s.X) != s.Len()*s.Size() || s.Labels != nil && len(s.Labels) != s.Len()) {
				t.Fatalf("%d samples of %v, %d values, %d labels", s.Len(), s.Shape, len(s.X), len(s.Labels))
			}
		}
	})
}

func FuzzDecodeImage(f *testing.F) {
	f.Add(pngBytes(grey(2, 2, 1, 2, 3, 4)), uint8(0))
	f.Add(pngBytes(rgb(2, 1, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 128})), uint8(3))
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, rgb(3, 3, color.RGBA{10, 200, 30, 255}), nil)
	f.Add(jpg.Bytes(), uint8(5))
	f.Fuzz(func(t *testing.T, b []byte, size uint8) {
		// Keep the fuzzer's memory small: skip huge declared images.
		if cfg, _, err := image.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		w := int(size % 8)
		d, err := decodeImage(b, w, w)
		if err != nil {
			return
		}
		per := 1
		if d.colour {
			per = 3
		}
		if len(d.pix) != per*d.w*d.h || w > 0 && (d.w != w || d.h != w) {
			t.Fatalf("%dx%d image, colour %v, with %d bytes", d.w, d.h, d.colour, len(d.pix))
		}
		dst := make([]float32, 3*d.w*d.h)
		d.put(dst, 3)
		d.put(dst[:d.w*d.h], 1)
	})
}

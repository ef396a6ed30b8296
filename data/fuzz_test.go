package data

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"slices"
	"strconv"
	"testing"
)

// The fuzz targets feed outside bytes to every reader: none may panic, and
// what a reader accepts must be consistent.

// fuzzBudget keeps the memory budget of a fuzz target small, so that a
// header declaring much less than the machine's memory is refused too.
func fuzzBudget(f *testing.F) {
	old := memoryBudget
	memoryBudget = func() int64 { return 64 << 20 }
	f.Cleanup(func() { memoryBudget = old })
}

func FuzzReadIDX(f *testing.F) {
	valid := idxBytes(0x08, []uint32{2, 3, 4}, seq(24))
	f.Add(valid)
	f.Add(gzipBytes(f, valid))
	f.Add(idxBytes(0x08, []uint32{5}, seq(5)))
	f.Add(append(bytes.Clone(valid), 1))
	f.Add(idxBytes(0x0D, []uint32{1}, seq(4)))
	f.Add(gzipBytes(f, idxBytes(0x08, []uint32{1 << 20}, seq(10))))
	// Issue 23: no samples of a huge shape ran out of memory in hwcToCHW.
	f.Add(idxBytes(0x08, []uint32{0, 65536, 65536, 3}, nil))
	f.Add(idxBytes(0x08, []uint32{2, 2, 2, 3}, seq(24)))
	fuzzBudget(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		s := fuzzIDXSet(t, b)
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
		if s != nil && len(s.X) != n {
			t.Fatalf("dims %v but a set of %d values", m.Dims, len(s.X))
		}
	})
}

// fuzzIDXSet reads b as Open reads an IDX file of samples, first 2 of
// them, then all; it returns the set, or nil if b is refused.
func fuzzIDXSet(t *testing.T, b []byte) *Set {
	var s *Set
	for _, rows := range []int{2, 0} {
		in, closeFn, err := maybeGunzip(bytes.NewReader(b))
		if err != nil {
			return nil
		}
		size := sizeHint{bytes: int64(len(b)), what: "the file", exact: true}
		if isGzip(in) {
			size = unknownSize
		}
		s, _, err = readIDXSet(in, size, "fuzz", Options{}, rows)
		closeFn()
		if err != nil {
			return nil
		}
		if len(s.X) != s.Len()*s.Size() || rows > 0 && s.Len() > rows {
			t.Fatalf("%d rows asked, %d samples of %v, %d values", rows, s.Len(), s.Shape, len(s.X))
		}
	}
	return s
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n3.5,-4e-1\n"), "")
	f.Add([]byte("a,y\n1,\"big, \"\"red\"\" dog\"\n2,\"x\"\n"), "y")
	f.Add([]byte("a,y\r\n1,\"two\nlines\"\r\n\r\n2,b"), "y")
	f.Add([]byte("\xef\xbb\xbfa\n1\n,\n"), "a")
	f.Add([]byte("a,b\n1,NaN\n\"1\"x,2\n"), "b")
	f.Add([]byte("a,\" y \"\n1,\"  sp  \"\n2, \"\tt\" \n3,z \"q\n"), " y ")
	f.Fuzz(func(t *testing.T, b []byte, label string) {
		s, err := ParseCSV(b, "fuzz.csv", label)
		if err != nil {
			return
		}
		checkCSVCut(t, b, label, s)
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

// checkCSVCut checks that cutting b after its first rows, as
// Options.Limit does, gives the first rows of s.
func checkCSVCut(t *testing.T, b []byte, label string, s *Set) {
	rows := 1 + s.Len()/2
	var c csvCutter
	end, ok := c.scan(b, rows+1)
	if !ok {
		end = len(b) // read it all, and cut the set
	}
	h, err := ParseCSV(b[:end], "fuzz.csv", label)
	if err != nil {
		t.Fatalf("cut after %d rows at %d: %v", rows, end, err)
	}
	h = h.Head(rows)
	size := s.Size()
	if h.Len() != rows || !slices.Equal(h.X, s.X[:rows*size]) || label != "" && !slices.Equal(h.Labels, s.Labels[:rows]) {
		t.Fatalf("cut after %d rows at %d: %d rows %v, want %v", rows, end, h.Len(), h.X, s.X[:rows*size])
	}
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
	// Issue 23: a shape whose byte count wraps in uint64 (to 4).
	f.Add(hugeNPY())
	f.Add(npyBytes("|u1", false, []int{0, 65536, 65536, 3}, nil))
	fuzzBudget(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		file := sizeHint{bytes: int64(len(b)), what: "the file", exact: true}
		s, err := readNPYSet(bytes.NewReader(b), Options{}, "fuzz", file)
		if err == nil && len(s.X) != s.Len()*s.Size() {
			t.Fatalf("%d samples of %v, %d values", s.Len(), s.Shape, len(s.X))
		}
		// A stream of unknown size reads the same.
		s2, err2 := readNPYSet(bytes.NewReader(b), Options{}, "fuzz", unknownSize)
		if (err == nil) != (err2 == nil) || err == nil && !slices.Equal(s.X, s2.X) {
			t.Fatalf("sized: %v; of unknown size: %v", err, err2)
		}
		a, err := readNPY(bytes.NewReader(b), 0, Options{})
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
			if s, err := a.toSet(nil, "", "fuzz", nil); err == nil && len(s.X) != len(x) {
				t.Fatalf("set of %d values from %d", len(s.X), len(x))
			}
		}
	})
}

func FuzzReadNPZ(f *testing.F) {
	x := npyBytes("|u1", false, []int{2, 2, 2}, seq(8))
	y := npyBytes("<i8", false, []int{2}, make([]byte, 16))
	f.Add(zipOf(map[string][]byte{"x_train.npy": x, "y_train.npy": y, "x_test.npy": x, "y_test.npy": y}))
	f.Add(zipOf(map[string][]byte{"x.npy": x, "y.npy": y}))
	f.Add(zipOf(map[string][]byte{"arr_0.npy": x}))
	// Issue 23: a shape whose byte count wraps in uint64.
	f.Add(zipOf(map[string][]byte{"x.npy": hugeNPY(), "y.npy": y}))
	fuzzBudget(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		split, err := readNPZ(bytes.NewReader(b), int64(len(b)), "fuzz.npz", Options{Limit: 1})
		if err == nil && split.Train.Len() > 1 {
			t.Fatalf("Limit 1 read %d samples", split.Train.Len())
		}
		split, err = readNPZ(bytes.NewReader(b), int64(len(b)), "fuzz.npz", Options{})
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

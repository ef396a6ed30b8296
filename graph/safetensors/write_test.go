package safetensors

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// equalFiles reports whether a and b hold the same tensors (compared bit
// for bit, so NaNs compare equal) and metadata.
func equalFiles(a, b *File) bool {
	if len(a.Tensors) != len(b.Tensors) || len(a.Metadata) != len(b.Metadata) {
		return false
	}
	for name, ta := range a.Tensors {
		tb, ok := b.Tensors[name]
		if !ok || !slices.Equal(ta.Shape, tb.Shape) || len(ta.Data) != len(tb.Data) {
			return false
		}
		for i := range ta.Data {
			if math.Float32bits(ta.Data[i]) != math.Float32bits(tb.Data[i]) {
				return false
			}
		}
	}
	for k, v := range a.Metadata {
		if w, ok := b.Metadata[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func seq(n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(i)*0.25 - 3
	}
	return d
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		f    *File
	}{
		{"empty", &File{}},
		{"scalar", &File{Tensors: map[string]Tensor{"s": {Shape: []int{}, Data: []float32{42}}}}},
		{"nil shape scalar", &File{Tensors: map[string]Tensor{"s": {Data: []float32{-1}}}}},
		{"zero-sized", &File{Tensors: map[string]Tensor{"z": {Shape: []int{3, 0, 2}, Data: []float32{}}}}},
		{"special values", &File{Tensors: map[string]Tensor{"v": {Shape: []int{5}, Data: []float32{
			float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32,
		}}}}},
		{"several", &File{Tensors: map[string]Tensor{
			"encoder/dense0/w": {Shape: []int{4, 3}, Data: seq(12)},
			"encoder/dense0/b": {Shape: []int{3}, Data: seq(3)},
			"decoder/conv/w":   {Shape: []int{2, 1, 3, 3}, Data: seq(18)},
			"step":             {Shape: []int{}, Data: []float32{7}},
			"empty":            {Shape: []int{0}, Data: nil},
			"mid-empty":        {Shape: []int{2, 0}, Data: nil},
		}}},
		{"large", &File{Tensors: map[string]Tensor{"big": {Shape: []int{300, 301}, Data: seq(300 * 301)}}}},
		{"metadata", &File{
			Tensors:  map[string]Tensor{"w": {Shape: []int{2}, Data: []float32{1, 2}}},
			Metadata: map[string]string{"format": "pt", "epoch": "12", "note": "quote \" backslash \\ newline \n tab \t ctrl \x01 <&> ünïcode"},
		}},
		{"metadata only", &File{Metadata: map[string]string{"k": "v", "": ""}}},
		{"odd names", &File{Tensors: map[string]Tensor{
			"a\"b\\c": {Shape: []int{1}, Data: []float32{1}},
			"日本":      {Shape: []int{1}, Data: []float32{2}},
			"__x__":   {Shape: []int{1}, Data: []float32{3}},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.f); err != nil {
				t.Fatalf("Write: %v", err)
			}
			if n := buf.Len(); n < 8 {
				t.Fatalf("output is %d bytes", n)
			}
			if hl := int(buf.Bytes()[0]) | int(buf.Bytes()[1])<<8; hl%8 != 0 {
				t.Errorf("header length %d is not a multiple of 8", hl)
			}
			// Read through a plain io.Reader as well as a bytes.Reader,
			// which reports its length.
			for _, r := range []struct {
				name string
				rd   func() *File
			}{
				{"sized", func() *File { return mustRead(t, bytes.NewReader(buf.Bytes())) }},
				{"stream", func() *File { return mustRead(t, struct{ *bytes.Reader }{bytes.NewReader(buf.Bytes())}) }},
			} {
				got := r.rd()
				if got == nil {
					continue
				}
				if !equalFiles(got, tt.f) {
					t.Errorf("%s: round trip mismatch:\ngot  %v\nwant %v", r.name, got, tt.f)
				}
				for name, tn := range got.Tensors {
					if tn.Shape == nil {
						t.Errorf("%s: tensor %q has nil Shape", r.name, name)
					}
				}
			}
			// Writing is deterministic.
			var again bytes.Buffer
			if err := Write(&again, tt.f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two writes of the same File differ")
			}
		})
	}
}

func mustRead(t *testing.T, r interface{ Read([]byte) (int, error) }) *File {
	t.Helper()
	f, err := Read(r)
	if err != nil {
		t.Errorf("Read: %v", err)
		return nil
	}
	return f
}

func TestWriteBytes(t *testing.T) {
	pad := func(s string) string {
		for len(s)%8 != 0 {
			s += " "
		}
		return s
	}
	tests := []struct {
		name string
		f    *File
		want []byte
	}{
		{
			name: "metadata and scalar",
			f: &File{
				Tensors: map[string]Tensor{
					"b": {Shape: []int{}, Data: []float32{0.5}},
					"a": {Shape: []int{2}, Data: []float32{1, -2}},
				},
				Metadata: map[string]string{"k": "v"},
			},
			// The header is 132 bytes of JSON plus 4 spaces: 136 = 0x88.
			want: slices.Concat(
				[]byte{0x88, 0, 0, 0, 0, 0, 0, 0},
				[]byte(pad(`{"__metadata__":{"k":"v"},`+
					`"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},`+
					`"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}`)),
				[]byte{0x00, 0x00, 0x80, 0x3f}, // 1
				[]byte{0x00, 0x00, 0x00, 0xc0}, // -2
				[]byte{0x00, 0x00, 0x00, 0x3f}, // 0.5
			),
		},
		{
			name: "one tensor",
			f:    &File{Tensors: map[string]Tensor{"x": {Shape: []int{1}, Data: []float32{-0.75}}}},
			// 54 bytes of JSON plus 2 spaces: 56 = 0x38.
			want: slices.Concat(
				[]byte{0x38, 0, 0, 0, 0, 0, 0, 0},
				[]byte(`{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}  `),
				[]byte{0x00, 0x00, 0x40, 0xbf}, // -0.75
			),
		},
		{
			name: "empty",
			f:    &File{},
			want: []byte("\x08\x00\x00\x00\x00\x00\x00\x00{}      "),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), tt.want) {
				t.Errorf("got\n%q\nwant\n%q", buf.Bytes(), tt.want)
			}
		})
	}
}

func TestWriteInvalid(t *testing.T) {
	tests := []struct {
		name string
		f    *File
		msg  string
	}{
		{"nil file", nil, "nil File"},
		{"short data", &File{Tensors: map[string]Tensor{"w": {Shape: []int{2, 3}, Data: seq(5)}}}, `tensor "w": shape [2 3] needs 6 values, Data has 5`},
		{"long data", &File{Tensors: map[string]Tensor{"w": {Shape: []int{2}, Data: seq(3)}}}, "needs 2 values"},
		{"scalar without data", &File{Tensors: map[string]Tensor{"s": {}}}, "needs 1 values, Data has 0"},
		{"empty name", &File{Tensors: map[string]Tensor{"": {Shape: []int{1}, Data: seq(1)}}}, "empty tensor name"},
		{"reserved name", &File{Tensors: map[string]Tensor{"__metadata__": {Shape: []int{1}, Data: seq(1)}}}, "reserved"},
		{"invalid UTF-8 name", &File{Tensors: map[string]Tensor{"\xff": {Shape: []int{1}, Data: seq(1)}}}, "UTF-8"},
		{"invalid UTF-8 metadata", &File{Metadata: map[string]string{"k": "\xfe"}}, "UTF-8"},
		{"negative dim", &File{Tensors: map[string]Tensor{"w": {Shape: []int{2, -1}, Data: nil}}}, "negative dimension"},
		{"overflowing shape", &File{Tensors: map[string]Tensor{"w": {Shape: []int{1 << 40, 1 << 40}}}}, "too many elements"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tt.f)
			checkFormatError(t, err, tt.msg)
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n < len(p) {
		return w.n, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteIOError(t *testing.T) {
	f := &File{Tensors: map[string]Tensor{"big": {Shape: []int{100000}, Data: seq(100000)}}}
	for _, n := range []int{0, 100, 70000} {
		err := Write(&failWriter{n: n}, f)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("after %d bytes: got error %v", n, err)
		}
	}
}

// checkFormatError fails unless err is a *FormatError whose message has
// the package prefix and contains msg.
func checkFormatError(t *testing.T, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", msg)
	}
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Errorf("error %v (%T) is not a *FormatError", err, err)
	}
	if s := err.Error(); !strings.HasPrefix(s, "safetensors: ") || !strings.Contains(s, msg) {
		t.Errorf("error %q: want prefix %q and substring %q", s, "safetensors: ", msg)
	}
}

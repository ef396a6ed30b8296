package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// build returns a file with the given header JSON and data buffer.
func build(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return slices.Concat(b, []byte(header), data)
}

// f32 returns the little-endian bytes of vs.
func f32(vs ...float32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// validFile returns a small valid file written by Write.
func validFile(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	f := &File{
		Tensors: map[string]Tensor{
			"a": {Shape: []int{2, 2}, Data: []float32{1, 2, 3, 4}},
			"b": {Shape: []int{3}, Data: []float32{5, 6, 7}},
		},
		Metadata: map[string]string{"k": "v"},
	}
	if err := Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadInvalid(t *testing.T) {
	valid := validFile(t)
	tests := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty input", nil, "truncated header length"},
		{"truncated header length", []byte{8, 0, 0}, "truncated header length"},
		{"header length over limit", binary.LittleEndian.AppendUint64(nil, 1<<40), "exceeds limit"},
		{"header length max uint64", binary.LittleEndian.AppendUint64(nil, math.MaxUint64), "exceeds limit"},
		{"header length larger than file", slices.Concat(binary.LittleEndian.AppendUint64(nil, 100), []byte(`{}      `)), "header length 100 exceeds remaining"},
		{"truncated header", valid[:20], "exceeds remaining"},
		{"zero header length", binary.LittleEndian.AppendUint64(nil, 0), "invalid header JSON"},
		{"bad JSON", build(`{"a":`, nil), "invalid header JSON"},
		{"bad JSON syntax", build(`{"a" {}}`, nil), "invalid header JSON"},
		{"not JSON", build(`hello!!!`, nil), "invalid header JSON"},
		{"JSON array", build(`[]`, nil), "not a JSON object"},
		{"trailing JSON", build(`{} {}`, nil), "after the top-level object"},
		{"invalid UTF-8", build("{\"\xff\":1}", nil), "UTF-8"},
		{"duplicate tensor", build(`{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[],"data_offsets":[4,8]}}`, f32(1, 2)), `duplicate header key "a"`},
		{"entry not object", build(`{"a":3}`, nil), `tensor "a": invalid header entry`},
		{"unknown dtype", build(`{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`, make([]byte, 8)), `tensor "w": unsupported dtype "I64"`},
		{"missing dtype", build(`{"w":{"shape":[1],"data_offsets":[0,4]}}`, f32(1)), `tensor "w": missing dtype`},
		{"missing shape", build(`{"w":{"dtype":"F32","data_offsets":[0,4]}}`, f32(1)), "missing shape"},
		{"missing offsets", build(`{"w":{"dtype":"F32","shape":[1]}}`, f32(1)), "missing data_offsets"},
		{"three offsets", build(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}`, f32(1)), "must have 2 elements"},
		{"non-integer dim", build(`{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}`, f32(1)), "invalid header entry"},
		{"negative dim", build(`{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, f32(1)), "negative dimension"},
		{"overflowing shape", build(`{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}`, f32(1)), "too many elements"},
		{"negative offset", build(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}`, f32(1)), "invalid data_offsets"},
		{"reversed offsets", build(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}`, f32(1)), "invalid data_offsets"},
		{"wrong byte count for shape", build(`{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, f32(1, 2)), "span 8 bytes, shape [3] of F32 needs 12"},
		{"offsets out of range", build(`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, f32(1)), `tensor "w": data_offsets [0, 8] out of range: data buffer is 4 bytes`},
		{"second tensor out of range", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, f32(1)), `tensor "b": data_offsets [4, 8] out of range: data buffer is 4 bytes`},
		{"huge shape, little data", build(`{"w":{"dtype":"F32","shape":[1099511627776],"data_offsets":[0,4398046511104]}}`, f32(1)), "out of range"},
		{"overlapping offsets", build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}`, f32(1, 2, 3)), `tensor "b": data_offsets [4, 12] overlap tensor "a"`},
		{"identical offsets", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, f32(1)), "overlap"},
		{"empty tensor inside another", build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}`, f32(1, 2)), "overlap"},
		{"gap between tensors", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}`, f32(1, 2, 3)), "gap in data buffer: bytes [4, 8)"},
		{"gap at start", build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, f32(1, 2)), "gap in data buffer: bytes [0, 4)"},
		{"missing bytes at end", valid[:len(valid)-1], `tensor "b": data_offsets [16, 28] out of range: data buffer is 27 bytes`},
		{"missing all data", valid[:len(valid)-28], `tensor "a": data_offsets [0, 16] out of range: data buffer is 0 bytes`},
		{"trailing bytes", append(slices.Clip(valid), 0), "trailing bytes"},
		{"data without tensors", build(`{}`, f32(1)), "trailing bytes"},
		{"metadata not strings", build(`{"__metadata__":{"epoch":3}}`, nil), "must be an object of strings"},
		{"metadata not object", build(`{"__metadata__":"x"}`, nil), "must be an object of strings"},
		{"duplicate metadata", build(`{"__metadata__":{},"__metadata__":{}}`, nil), "duplicate header key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A bytes.Reader reports its length, which lets Read check
			// sizes up front; a plain io.Reader must be read to the end.
			f, err := Read(bytes.NewReader(tt.in))
			if f != nil {
				t.Errorf("sized: got a File with an error")
			}
			checkFormatError(t, err, tt.msg)
			f, err = Read(struct{ *bytes.Reader }{bytes.NewReader(tt.in)})
			if f != nil {
				t.Errorf("stream: got a File with an error")
			}
			checkFormatError(t, err, tt.msg)
		})
	}
}

func TestReadDtypes(t *testing.T) {
	le16 := func(vs ...uint16) []byte {
		var b []byte
		for _, v := range vs {
			b = binary.LittleEndian.AppendUint16(b, v)
		}
		return b
	}
	var f64 []byte
	for _, v := range []float64{1.5, -2, 1e300, 0.1} {
		f64 = binary.LittleEndian.AppendUint64(f64, math.Float64bits(v))
	}
	tests := []struct {
		name  string
		dtype string
		data  []byte
		want  []float32
	}{
		{"F64", "F64", f64, []float32{1.5, -2, float32(math.Inf(1)), 0.1}},
		{"BF16", "BF16", le16(0x3fc0, 0xc000, 0x7f80, 0x0000), []float32{1.5, -2, float32(math.Inf(1)), 0}},
		// 1.5, -2, 65504 (max), 2^-24 (smallest subnormal), -inf, -0.
		{"F16", "F16", le16(0x3e00, 0xc000, 0x7bff, 0x0001, 0xfc00, 0x8000), []float32{1.5, -2, 65504, 1.0 / (1 << 24), float32(math.Inf(-1)), float32(math.Copysign(0, -1))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(tt.want)
			hdr := `{"t":{"dtype":"` + tt.dtype + `","shape":[` + strconv.Itoa(n) + `],"data_offsets":[0,` + strconv.Itoa(len(tt.data)) + `]}}`
			f, err := Read(bytes.NewReader(build(hdr, tt.data)))
			if err != nil {
				t.Fatal(err)
			}
			got := f.Tensors["t"]
			if !slices.Equal(got.Shape, []int{n}) {
				t.Errorf("shape %v, want [%d]", got.Shape, n)
			}
			for i := range tt.want {
				if math.Float32bits(got.Data[i]) != math.Float32bits(tt.want[i]) {
					t.Errorf("Data[%d] = %v, want %v", i, got.Data[i], tt.want[i])
				}
			}
		})
	}
	t.Run("F16 NaN", func(t *testing.T) {
		f, err := Read(bytes.NewReader(build(`{"t":{"dtype":"F16","shape":[],"data_offsets":[0,2]}}`, le16(0x7e00))))
		if err != nil {
			t.Fatal(err)
		}
		if v := f.Tensors["t"].Data[0]; !math.IsNaN(float64(v)) {
			t.Errorf("got %v, want NaN", v)
		}
	})
}

// TestReadLayouts checks that Read accepts valid files that Write would
// not produce.
func TestReadLayouts(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want *File
	}{
		{
			"offsets not in name order",
			build(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, f32(1, 2)),
			&File{Tensors: map[string]Tensor{"a": {Shape: []int{1}, Data: []float32{2}}, "b": {Shape: []int{1}, Data: []float32{1}}}},
		},
		{
			"unpadded header, whitespace, metadata null",
			build("{ \"__metadata__\" : null,\n\t\"s\": {\"shape\": [], \"data_offsets\": [0, 4], \"dtype\": \"F32\"} }\n", f32(3)),
			&File{Tensors: map[string]Tensor{"s": {Shape: []int{}, Data: []float32{3}}}},
		},
		{
			"empty tensors at the ends",
			build(`{"z0":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"z1":{"dtype":"BF16","shape":[0,5],"data_offsets":[4,4]}}`, f32(1)),
			&File{Tensors: map[string]Tensor{"z0": {Shape: []int{0}}, "a": {Shape: []int{1}, Data: []float32{1}}, "z1": {Shape: []int{0, 5}}}},
		},
		{
			"mixed dtypes",
			build(`{"a":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}`, slices.Concat([]byte{0x80, 0x3f}, f32(2))),
			&File{Tensors: map[string]Tensor{"a": {Shape: []int{1}, Data: []float32{1}}, "b": {Shape: []int{1}, Data: []float32{2}}}},
		},
		{
			"empty metadata",
			build(`{"__metadata__":{}}`, nil),
			&File{Tensors: map[string]Tensor{}, Metadata: map[string]string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !equalFiles(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzRead checks that Read never panics and that whatever it accepts
// survives a Write/Read round trip.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	Write(&buf, &File{
		Tensors:  map[string]Tensor{"a": {Shape: []int{2}, Data: []float32{1, 2}}, "s": {Shape: []int{}, Data: []float32{3}}},
		Metadata: map[string]string{"k": "v"},
	})
	f.Add(buf.Bytes())
	f.Add(build(`{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}`, []byte{0, 0x3c}))
	f.Add(build(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}`, f32(1, 2, 3)))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := Read(bytes.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "safetensors: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := Write(&out, got); err != nil {
			if _, ok := got.Tensors[""]; ok {
				return // Read accepts empty names, Write does not
			}
			t.Fatalf("Write of Read result: %v", err)
		}
		again, err := Read(&out)
		if err != nil {
			t.Fatalf("Read of Write result: %v", err)
		}
		if !equalFiles(got, again) {
			t.Fatal("round trip mismatch")
		}
	})
}

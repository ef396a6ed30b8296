package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
)

// unsized hides the length of a reader, so that Read must decode without
// knowing the size of its input.
type unsized struct{ r io.Reader }

func (u unsized) Read(p []byte) (int, error) { return u.r.Read(p) }

// FuzzReadSizes checks that Read reaches the same verdict, and the same
// File, whether or not it knows the size of its input, that it reports
// every problem of an in-memory input as a *FormatError, and that it never
// panics.
func FuzzReadSizes(f *testing.F) {
	var buf bytes.Buffer
	Write(&buf, &File{
		Tensors:  map[string]Tensor{"a": {Shape: []int{2, 2}, Data: []float32{1, 2, 3, 4}}, "s": {Shape: []int{}, Data: []float32{3}}},
		Metadata: map[string]string{"format": "go-autoencoders/checkpoint/v1", "epoch": "3"},
	})
	valid := buf.Bytes()
	f.Add(valid)
	f.Add(valid[:len(valid)-3])                     // truncated data
	f.Add(append(append([]byte(nil), valid...), 0)) // a trailing byte
	f.Add(binary.LittleEndian.AppendUint64(nil, 1<<62))
	f.Add(build(`{"a":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}`, []byte{0x80, 0x3f, 0, 0xc0}))
	f.Add(build(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, binary.LittleEndian.AppendUint64(nil, 0x3ff0000000000000)))
	f.Add(build(`{"a":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}}`, f32(1)))
	f.Add(build(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"__metadata__":{"k":"v"}}`, nil))
	f.Fuzz(func(t *testing.T, in []byte) {
		sized, errS := Read(bytes.NewReader(in))
		streamed, errU := Read(unsized{bytes.NewReader(in)})
		if (errS == nil) != (errU == nil) {
			t.Fatalf("sized read: %v; unsized read: %v", errS, errU)
		}
		for _, err := range []error{errS, errU} {
			var fe *FormatError
			if err != nil && (!errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "safetensors: ")) {
				t.Fatalf("error %v (%T) is no *FormatError", err, err)
			}
		}
		if errS == nil && !equalFiles(sized, streamed) {
			t.Fatalf("sized read %v, unsized read %v", sized, streamed)
		}
	})
}

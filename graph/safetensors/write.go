package safetensors

import (
	"encoding/binary"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// chunkSize is the size of the buffer used to encode and decode tensor
// data. It is a multiple of every element size.
const chunkSize = 64 << 10

// Write writes f to w in safetensors format.
//
// Every tensor is stored as F32. Tensors are sorted by name and their data
// is laid out contiguously in that order; metadata, if any, is stored under
// "__metadata__". The header is padded with spaces to a multiple of 8
// bytes. Write checks f before writing anything: tensor names must be
// non-empty, valid UTF-8 and not "__metadata__", shapes must have no
// negative dimension, and len(Data) must equal the product of Shape.
func Write(w io.Writer, f *File) error {
	names, err := validate(f)
	if err != nil {
		return wrapError(err, "")
	}
	if err := encode(w, f, names); err != nil {
		return wrapError(err, "")
	}
	return nil
}

// validate checks that f can be encoded and returns its tensor names in
// sorted order.
func validate(f *File) ([]string, error) {
	if f == nil {
		return nil, errorf("nil File")
	}
	for k, v := range f.Metadata {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return nil, errorf("metadata %q: not valid UTF-8", k)
		}
	}
	names := make([]string, 0, len(f.Tensors))
	for name, t := range f.Tensors {
		switch {
		case name == "":
			return nil, errorf("empty tensor name")
		case name == metadataKey:
			return nil, errorf("tensor name %q is reserved", name)
		case !utf8.ValidString(name):
			return nil, errorf("tensor name %q is not valid UTF-8", name)
		}
		n, err := numElements(name, t.Shape)
		if err != nil {
			return nil, err
		}
		if len(t.Data) != n {
			return nil, tensorErrorf(name, "shape %v needs %d values, Data has %d", t.Shape, n, len(t.Data))
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}

// encode writes f, already validated, with its tensors in the order of
// names.
func encode(w io.Writer, f *File, names []string) error {
	hdr := make([]byte, 8, 256)
	hdr = appendHeader(hdr, f, names)
	for len(hdr)%8 != 0 {
		hdr = append(hdr, ' ')
	}
	binary.LittleEndian.PutUint64(hdr, uint64(len(hdr)-8))
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	buf := make([]byte, 0, chunkSize)
	for _, name := range names {
		for _, v := range f.Tensors[name].Data {
			if len(buf) == cap(buf) {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		}
	}
	if len(buf) > 0 {
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// appendHeader appends the unpadded JSON header describing f to b.
func appendHeader(b []byte, f *File, names []string) []byte {
	b = append(b, '{')
	if len(f.Metadata) > 0 {
		b = appendString(b, metadataKey)
		b = append(b, ":{"...)
		keys := make([]string, 0, len(f.Metadata))
		for k := range f.Metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, f.Metadata[k])
		}
		b = append(b, '}')
	}
	offset := 0
	for i, name := range names {
		if i > 0 || len(f.Metadata) > 0 {
			b = append(b, ',')
		}
		t := f.Tensors[name]
		b = appendString(b, name)
		b = append(b, `:{"dtype":"F32","shape":[`...)
		for j, d := range t.Shape {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(d), 10)
		}
		b = append(b, `],"data_offsets":[`...)
		b = strconv.AppendInt(b, int64(offset), 10)
		b = append(b, ',')
		offset += 4 * len(t.Data)
		b = strconv.AppendInt(b, int64(offset), 10)
		b = append(b, "]}"...)
	}
	return append(b, '}')
}

// appendString appends s, which must be valid UTF-8, as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\r':
			b = append(b, `\r`...)
		case c == '\t':
			b = append(b, `\t`...)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

package safetensors

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"unicode/utf8"
)

// maxHeaderLen is the largest header Read accepts, as in the reference
// implementation.
const maxHeaderLen = 100_000_000

// Read reads a safetensors file from r, consuming the whole stream.
//
// Read accepts tensors of dtype F32, F64, F16 and BF16, converting them to
// float32; any other dtype is an error. It validates the file strictly: the
// header length must be at most 100 MB and fit in the stream, the header
// must be a JSON object of valid UTF-8 with no duplicate keys, each
// tensor's data_offsets must match its shape and dtype, and the tensors'
// byte ranges must cover the data buffer exactly, with no overlaps, gaps or
// trailing bytes. Problems with the data are reported as *FormatError.
//
// Memory use is bounded by the size of the input, whatever the header
// claims. A scalar is returned with an empty, non-nil Shape; Metadata is
// nil if the file has none.
func Read(r io.Reader) (*File, error) {
	f, err := decode(r, remaining(r))
	if err != nil {
		return nil, wrapError(err, "")
	}
	return f, nil
}

// remaining returns the number of unread bytes in r, or -1 if unknown.
func remaining(r io.Reader) int64 {
	if l, ok := r.(interface{ Len() int }); ok {
		return int64(l.Len())
	}
	return -1
}

// entry is one tensor described by the header.
type entry struct {
	name       string
	dtype      dtype
	shape      []int
	n          int // number of elements
	begin, end int
}

// headerEntry is the JSON form of a tensor in the header.
type headerEntry struct {
	Dtype       *string `json:"dtype"`
	Shape       *[]int  `json:"shape"`
	DataOffsets *[]int  `json:"data_offsets"`
}

// decode reads a file from r. size is the number of bytes left in r, or -1
// if unknown; when known it lets decode reject bad offsets before
// allocating memory for them.
func decode(r io.Reader, size int64) (*File, error) {
	entries, meta, hlen, err := readHeader(r, size)
	if err != nil {
		return nil, err
	}
	total, err := tile(entries, size-8-int64(hlen), size >= 0)
	if err != nil {
		return nil, err
	}
	f := &File{Tensors: make(map[string]Tensor, len(entries)), Metadata: meta}
	buf := make([]byte, chunkSize)
	for _, e := range entries {
		if f.Tensors[e.name], err = readTensor(r, e, buf, size < 0); err != nil {
			return nil, err
		}
	}
	if n, err := io.ReadFull(r, buf[:1]); n > 0 {
		return nil, errorf("trailing bytes after data buffer of %d bytes", total)
	} else if err != io.EOF {
		return nil, err
	}
	return f, nil
}

// readHeader reads the header's length and the header, no longer than
// the file (size < 0 where unknown) can hold, and parses it.
func readHeader(r io.Reader, size int64) ([]entry, map[string]string, uint64, error) {
	var lenBuf [8]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, nil, 0, errorf("truncated header length: file shorter than 8 bytes")
		}
		return nil, nil, 0, err
	}
	hlen := binary.LittleEndian.Uint64(lenBuf[:])
	if hlen > maxHeaderLen {
		return nil, nil, 0, errorf("header length %d exceeds limit of %d bytes", hlen, maxHeaderLen)
	}
	if size >= 0 && hlen > uint64(size-8) {
		return nil, nil, 0, errorf("header length %d exceeds remaining %d bytes of file", hlen, size-8)
	}
	var hbuf bytes.Buffer
	if n, err := io.CopyN(&hbuf, r, int64(hlen)); err != nil {
		if err == io.EOF {
			return nil, nil, 0, errorf("header length %d exceeds remaining %d bytes of file", hlen, n)
		}
		return nil, nil, 0, err
	}
	entries, meta, err := parseHeader(hbuf.Bytes())
	return entries, meta, hlen, err
}

// tile sorts the entries by their byte ranges, which must tile [0, total)
// exactly and, when known, fit the dataLen bytes after the header; it
// returns total.
func tile(entries []entry, dataLen int64, known bool) (int, error) {
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.begin, b.begin), cmp.Compare(a.end, b.end), cmp.Compare(a.name, b.name))
	})
	total := 0
	for i, e := range entries {
		switch {
		case e.begin < total:
			return 0, tensorErrorf(e.name, "data_offsets [%d, %d] overlap tensor %q", e.begin, e.end, entries[i-1].name)
		case e.begin > total:
			return 0, tensorErrorf(e.name, "gap in data buffer: bytes [%d, %d) belong to no tensor", total, e.begin)
		}
		total = e.end
	}
	if known && int64(total) > dataLen {
		for _, e := range entries {
			if int64(e.end) > dataLen {
				return 0, tensorErrorf(e.name, "data_offsets [%d, %d] out of range: data buffer is %d bytes", e.begin, e.end, dataLen)
			}
		}
	}
	return total, nil
}

// readTensor reads the values of e through buf, growing them as data
// arrives where the file's size is unknown rather than trusting the
// header.
func readTensor(r io.Reader, e entry, buf []byte, unsized bool) (Tensor, error) {
	c := e.n
	if unsized {
		c = min(c, chunkSize/4)
	}
	data := make([]float32, 0, c)
	for off := e.begin; off < e.end; {
		k := min(e.end-off, len(buf))
		m, err := io.ReadFull(r, buf[:k])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return Tensor{}, tensorErrorf(e.name, "data_offsets [%d, %d] out of range: data buffer is %d bytes", e.begin, e.end, off+m)
		}
		if err != nil {
			return Tensor{}, err
		}
		data = e.dtype.decode(data, buf[:k])
		off += k
	}
	return Tensor{Shape: e.shape, Data: data}, nil
}

// parseHeader parses and checks the JSON header. The entries' offsets are
// checked against their shapes but not against each other.
func parseHeader(hdr []byte) ([]entry, map[string]string, error) {
	if !utf8.Valid(hdr) {
		return nil, nil, errorf("header is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(hdr))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, jsonError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, errorf("header is not a JSON object")
	}
	var (
		entries []entry
		meta    map[string]string
		seen    = make(map[string]bool)
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, jsonError(err)
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, jsonError(err)
		}
		if seen[name] {
			return nil, nil, errorf("duplicate header key %q", name)
		}
		seen[name] = true
		if name == metadataKey {
			if err := json.Unmarshal(raw, &meta); err != nil {
				return nil, nil, errorf("invalid %s: must be an object of strings: %v", metadataKey, err)
			}
			continue
		}
		e, err := parseEntry(name, raw)
		if err != nil {
			return nil, nil, err
		}
		entries = append(entries, e)
	}
	if _, err := dec.Token(); err != nil { // closing brace
		return nil, nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errorf("invalid header JSON: data after the top-level object")
	}
	return entries, meta, nil
}

// parseEntry parses and checks the header entry of one tensor.
func parseEntry(name string, raw json.RawMessage) (entry, error) {
	var h headerEntry
	if err := json.Unmarshal(raw, &h); err != nil {
		return entry{}, tensorErrorf(name, "invalid header entry: %v", err)
	}
	switch {
	case h.Dtype == nil:
		return entry{}, tensorErrorf(name, "missing dtype")
	case h.Shape == nil:
		return entry{}, tensorErrorf(name, "missing shape")
	case h.DataOffsets == nil:
		return entry{}, tensorErrorf(name, "missing data_offsets")
	}
	dt, ok := dtypes[*h.Dtype]
	if !ok {
		return entry{}, tensorErrorf(name, "unsupported dtype %q", *h.Dtype)
	}
	shape := *h.Shape
	if shape == nil {
		shape = []int{}
	}
	n, err := numElements(name, shape)
	if err != nil {
		return entry{}, err
	}
	offs := *h.DataOffsets
	if len(offs) != 2 {
		return entry{}, tensorErrorf(name, "data_offsets %v must have 2 elements", offs)
	}
	begin, end := offs[0], offs[1]
	if begin < 0 || end < begin {
		return entry{}, tensorErrorf(name, "invalid data_offsets [%d, %d]", begin, end)
	}
	if end-begin != n*dt.size {
		return entry{}, tensorErrorf(name, "data_offsets [%d, %d] span %d bytes, shape %v of %s needs %d",
			begin, end, end-begin, shape, *h.Dtype, n*dt.size)
	}
	return entry{name: name, dtype: dt, shape: shape, n: n, begin: begin, end: end}, nil
}

// jsonError converts a JSON syntax error in the header to a *FormatError.
func jsonError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf("invalid header JSON: unexpected end of header")
	}
	return errorf("invalid header JSON: %v", err)
}

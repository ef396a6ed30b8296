package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
)

// ErrNPY reports a file that is not a valid NumPy .npy file.
var ErrNPY = errors.New("npy: not a valid NumPy file")

// maxNPYHeader bounds the length of a .npy header. NumPy itself refuses
// headers over 10,000 bytes by default.
const maxNPYHeader = 1 << 20

// maxNPYData bounds the data of an array read into memory, in bytes.
const maxNPYData = 1 << 40

// An npyHeader is what the header of a .npy file says.
type npyHeader struct {
	dims    []int // the array's shape
	fortran bool  // column-major order
	dtype   dtype
	offset  int64 // where the data starts
}

// elems returns the number of elements of the array.
func (h *npyHeader) elems() int {
	n := 1
	for _, d := range h.dims {
		n *= d
	}
	return n
}

// dataBytes returns the bytes of the array's data.
func (h *npyHeader) dataBytes() int64 {
	return mulSize(int64(h.dtype.size), h.dims...)
}

// readNPYHeader reads the header of a .npy file from r, which it leaves
// at the start of the data.
//
// The header's dictionary is parsed by github.com/sbinet/npyio; this
// function bounds what that parser gets (the header's length, its
// newline) and turns a panic of it on malformed input into an error.
func readNPYHeader(r io.Reader) (*npyHeader, error) {
	var pre [12]byte
	if err := readFull(r, pre[:8]); err != nil {
		return nil, err
	}
	if !bytes.Equal(pre[:6], npy.Magic[:]) {
		return nil, fmt.Errorf("%w: bad magic %q", ErrNPY, pre[:6])
	}
	major := pre[6]
	var hdrLen int
	switch major {
	case 1:
		if err := readFull(r, pre[8:10]); err != nil {
			return nil, err
		}
		hdrLen = int(binary.LittleEndian.Uint16(pre[8:10]))
	case 2, 3:
		if err := readFull(r, pre[8:12]); err != nil {
			return nil, err
		}
		n := binary.LittleEndian.Uint32(pre[8:12])
		if n > maxNPYHeader {
			return nil, fmt.Errorf("%w: header of %d bytes, the most accepted is %d", ErrNPY, n, maxNPYHeader)
		}
		hdrLen = int(n)
	default:
		return nil, fmt.Errorf("%w: format version %d.%d, want 1.0 to 3.0", ErrNPY, major, pre[7])
	}
	hdr := make([]byte, hdrLen)
	if err := readFull(r, hdr); err != nil {
		return nil, err
	}
	offset := int64(8 + 2 + hdrLen)
	if major > 1 {
		offset += 2
	}
	h, err := parseNPYDict(hdr)
	if err != nil {
		return nil, err
	}
	h.offset = offset
	return h, nil
}

// parseNPYDict parses the header dictionary hdr with npyio.
func parseNPYDict(hdr []byte) (h *npyHeader, err error) {
	if i := bytes.LastIndexByte(hdr, '\n'); i < 0 || bytes.IndexByte(hdr, '}') < 0 {
		return nil, fmt.Errorf("%w: header %q is not a dictionary ended by a newline", ErrNPY, clip(hdr))
	}
	// Version 2.0 framing for npyio, which does not know 3.0 (2.0 with
	// UTF-8 names in structured types, which are refused below).
	var b bytes.Buffer
	b.Write(npy.Magic[:])
	b.Write([]byte{2, 0})
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(hdr))))
	b.Write(hdr)
	defer func() {
		if p := recover(); p != nil {
			h, err = nil, fmt.Errorf("%w: malformed header %q", ErrNPY, clip(hdr))
		}
	}()
	rd, err := npy.NewReader(&b)
	if err != nil {
		return nil, fmt.Errorf("%w: header %q: %w", ErrNPY, clip(hdr), err)
	}
	d := rd.Header.Descr
	for _, n := range d.Shape {
		if n < 0 {
			return nil, fmt.Errorf("%w: negative dimension in shape %v", ErrNPY, d.Shape)
		}
	}
	dt, err := parseDtype(d.Type)
	if err != nil {
		return nil, err
	}
	if len(d.Shape) == 0 {
		return nil, fmt.Errorf("npy: a scalar, not an array of samples")
	}
	// The size in bytes, multiplied without overflow: (2**62+1, 1) of
	// float32 must not wrap to 4 bytes.
	if size := mulSize(int64(dt.size), d.Shape...); size < 0 || size > maxNPYData {
		return nil, fmt.Errorf("npy: shape %v of %s holds more than %d bytes", d.Shape, d.Type, int64(maxNPYData))
	}
	return &npyHeader{dims: d.Shape, fortran: d.Fortran, dtype: dt}, nil
}

// clip shortens a header for an error message.
func clip(b []byte) []byte {
	if len(b) > 80 {
		return b[:80]
	}
	return b
}

// A dtype is a NumPy scalar type: kind 'b' (bool), 'i', 'u' or 'f', its
// size in bytes and its byte order.
type dtype struct {
	kind byte
	size int
	big  bool
	name string // as the header spells it
}

// parseDtype parses a simple NumPy type descriptor such as '<f4' or
// '|u1'. Structured, string, complex and object types are refused.
func parseDtype(descr string) (dtype, error) {
	s := strings.Trim(descr, `'"`)
	bad := fmt.Errorf("npy: unsupported dtype %s; want uint8, int8 to int64, uint16 to uint64, float32 or float64", descr)
	if len(s) != 3 {
		return dtype{}, bad
	}
	dt := dtype{kind: s[1], name: s}
	switch s[0] {
	case '<', '|', '=':
	case '>':
		dt.big = true
	default:
		return dtype{}, bad
	}
	n, err := strconv.Atoi(s[2:])
	if err != nil {
		return dtype{}, bad
	}
	dt.size = n
	switch {
	case dt.kind == 'b' && n == 1,
		(dt.kind == 'i' || dt.kind == 'u') && (n == 1 || n == 2 || n == 4 || n == 8),
		dt.kind == 'f' && (n == 4 || n == 8):
		return dt, nil
	}
	return dtype{}, bad
}

// isUint8 reports whether values of dt are 8-bit unsigned.
func (dt dtype) isUint8() bool { return dt.kind == 'u' && dt.size == 1 }

// order returns dt's byte order.
func (dt dtype) order() binary.ByteOrder {
	if dt.big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// decode converts len(dst) values of type dt from src to float32.
func (dt dtype) decode(dst []float32, src []byte) {
	bo := dt.order()
	switch {
	case dt.kind == 'u' && dt.size == 1 || dt.kind == 'b':
		for i := range dst {
			dst[i] = float32(src[i])
		}
	case dt.kind == 'i' && dt.size == 1:
		for i := range dst {
			dst[i] = float32(int8(src[i]))
		}
	case dt.kind == 'f' && dt.size == 4 && !dt.big:
		src = src[:4*len(dst)]
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
		}
	case dt.kind == 'f' && dt.size == 4:
		for i := range dst {
			dst[i] = math.Float32frombits(bo.Uint32(src[4*i:]))
		}
	case dt.kind == 'f' && dt.size == 8:
		for i := range dst {
			dst[i] = float32(math.Float64frombits(bo.Uint64(src[8*i:])))
		}
	default:
		for i := range dst {
			dst[i] = float32(dt.integer(src[i*dt.size:]))
		}
	}
}

// integer decodes one value of the integer type dt from b, widening to
// int64 (uint64 values over MaxInt64 wrap; they make no sense as data).
func (dt dtype) integer(b []byte) int64 {
	bo := dt.order()
	signed := dt.kind == 'i'
	switch dt.size {
	case 1:
		if signed {
			return int64(int8(b[0]))
		}
		return int64(b[0])
	case 2:
		if signed {
			return int64(int16(bo.Uint16(b)))
		}
		return int64(bo.Uint16(b))
	case 4:
		if signed {
			return int64(int32(bo.Uint32(b)))
		}
		return int64(bo.Uint32(b))
	}
	return int64(bo.Uint64(b))
}

// labels converts n values of type dt from src to strings: integers in
// decimal, floats in the shortest form that reads back the same.
func (dt dtype) labels(src []byte, n int) []string {
	out := make([]string, n)
	seen := make(map[string]string)
	for i := range out {
		b := src[i*dt.size:]
		var s string
		switch dt.kind {
		case 'f':
			v := math.Float64frombits(dt.order().Uint64(b))
			if dt.size == 4 {
				v = float64(math.Float32frombits(dt.order().Uint32(b)))
			}
			s = strconv.FormatFloat(v, 'g', -1, 64)
		case 'u':
			if dt.size == 8 {
				s = strconv.FormatUint(dt.order().Uint64(b), 10)
				break
			}
			s = strconv.FormatInt(dt.integer(b), 10)
		default:
			s = strconv.FormatInt(dt.integer(b), 10)
		}
		if t, ok := seen[s]; ok {
			s = t
		} else if len(seen) < 1<<16 {
			seen[s] = s
		}
		out[i] = s
	}
	return out
}

// fortranToC reorders the elements of size bytes in raw, an array of
// shape dims in column-major order, into row-major order.
func fortranToC(raw []byte, dims []int, size int) []byte {
	out := make([]byte, len(raw))
	if len(out) == 0 {
		return out
	}
	// strides[k] is the column-major stride of dimension k, in elements.
	strides := make([]int, len(dims))
	s := 1
	for k := range dims {
		strides[k] = s
		s *= dims[k]
	}
	idx := make([]int, len(dims))
	off := 0 // column-major offset of idx
	for c := 0; c*size < len(out); c++ {
		copy(out[c*size:(c+1)*size], raw[off*size:(off+1)*size])
		// Advance idx in row-major order, the last dimension fastest.
		for k := len(dims) - 1; k >= 0; k-- {
			idx[k]++
			off += strides[k]
			if idx[k] < dims[k] {
				break
			}
			off -= idx[k] * strides[k]
			idx[k] = 0
		}
	}
	return out
}

// An array is an .npy array read into memory, in row-major order.
type array struct {
	dims     []int // the shape read, dims[0] cut to a limit
	declared int   // the rows the header declares
	dtype    dtype
	raw      []byte
}

// readNPY reads a .npy stream of unknown size from r: header, then
// exactly the data it declares; more data is an error. If rows > 0, only
// the first rows rows are kept, and of a C-order array only they are
// read. The bytes held are taken from opt's budget, and the samples'
// shape is checked with opt.CheckShape, if any, before the data is read.
func readNPY(r io.Reader, rows int, opt Options) (*array, error) {
	h, err := readNPYHeaderFor(r, opt)
	if err != nil {
		return nil, err
	}
	return readNPYData(r, h, rows, opt, unknownSize)
}

// readNPYHeaderFor reads the header of a .npy stream and checks the
// samples' shape with opt.CheckShape, if any.
func readNPYHeaderFor(r io.Reader, opt Options) (*npyHeader, error) {
	h, err := readNPYHeader(r)
	if err != nil || opt.CheckShape == nil {
		return h, err
	}
	shape, _, err := sampleShape(h.dims, opt.Layout)
	if err == nil {
		err = opt.checkShape(shape)
	}
	if err != nil {
		return nil, err
	}
	return h, nil
}

// readNPYData reads the data of a .npy stream of size whose header h was
// read, as readNPY does, checking the size before it reads.
func readNPYData(r io.Reader, h *npyHeader, rows int, opt Options, size sizeHint) (*array, error) {
	fortran := h.fortran && len(h.dims) > 1
	dims := slices.Clone(h.dims)
	if rows > 0 && rows < dims[0] && !fortran {
		dims[0] = rows
	}
	read := mulSize(int64(h.dtype.size), dims...)
	held := read
	if fortran {
		held = addSize(held, held) // the file's order and C order
	}
	if err := opt.mem.take(held, fmt.Sprintf("an array of shape %v of %s", h.dims, h.dtype.name)); err != nil {
		return nil, err
	}
	if err := size.check(h.offset, h.dataBytes(), read); err != nil {
		return nil, err
	}
	raw, err := readData(r, int(read), size.sized())
	if err != nil {
		return nil, err
	}
	if dims[0] == h.dims[0] {
		if err := expectEOF(r, len(raw)); err != nil {
			return nil, err
		}
	}
	if fortran {
		raw = fortranToC(raw, h.dims, h.dtype.size)
		if rows > 0 && rows < dims[0] {
			dims[0] = rows
			raw = raw[:mulSize(int64(h.dtype.size), dims...)]
		}
	}
	return &array{dims: dims, declared: h.dims[0], dtype: h.dtype, raw: raw}, nil
}

// values converts the array to float32 values and checks that they are
// all finite.
func (a *array) values() ([]float32, error) {
	x := make([]float32, len(a.raw)/a.dtype.size)
	a.dtype.decode(x, a.raw)
	if err := checkFinite(x, a.dims); err != nil {
		return nil, err
	}
	return x, nil
}

// checkFinite returns an error naming the first NaN or infinite value of
// x, an array of shape dims.
func checkFinite(x []float32, dims []int) error {
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("value %v at index %v (of shape %v)", v, unravel(i, dims), dims)
		}
	}
	return nil
}

// unravel turns a row-major offset into an index of shape dims.
func unravel(i int, dims []int) []int {
	idx := make([]int, len(dims))
	for k := len(dims) - 1; k >= 0; k-- {
		if dims[k] > 0 {
			idx[k] = i % dims[k]
			i /= dims[k]
		}
	}
	return idx
}

// labelBytes bounds the memory of one label: a string header and the
// digits of a number.
const labelBytes = 40

// labelStrings converts the array, of shape (N) or (N, 1), to labels,
// taking their memory from mem.
func (a *array) labelStrings(mem *budget) ([]string, error) {
	if len(a.dims) > 2 || len(a.dims) == 2 && a.dims[1] != 1 {
		return nil, fmt.Errorf("labels of shape %v, want (N) or (N, 1)", a.dims)
	}
	if err := mem.take(mulSize(labelBytes, a.dims[0]), fmt.Sprintf("%d labels", a.dims[0])); err != nil {
		return nil, err
	}
	return a.dtype.labels(a.raw, a.dims[0]), nil
}

// toSet makes a set of the array's samples, with labels y if not nil;
// the values' memory is taken from mem.
func (a *array) toSet(y []string, layout, source string, mem *budget) (*Set, error) {
	shape, nhwc, err := sampleShape(a.dims, layout)
	if err != nil {
		return nil, err
	}
	if err := mem.take(mulSize(4, a.dims...), fmt.Sprintf("%d samples of shape %v as float32", a.dims[0], shape)); err != nil {
		return nil, err
	}
	x, err := a.values()
	if err != nil {
		return nil, err
	}
	if nhwc {
		hwcToCHW(x, shape)
	}
	if y != nil && len(y) != a.dims[0] {
		return nil, fmt.Errorf("%d labels for %d samples", len(y), a.dims[0])
	}
	return &Set{X: x, Shape: shape, Labels: y, Source: source, Uint8: a.dtype.isUint8()}, nil
}

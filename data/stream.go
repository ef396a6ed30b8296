package data

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"unsafe"
)

// readChunk is how many bytes the readers read at once from a stream
// whose length is not known (gzip, a deflated zip member): what they
// keep grows, doubling, only as the data arrives, so that a header
// declaring more than the stream holds costs about four times what it
// holds, not what it declares.
const readChunk = 1 << 20

// grow returns s with room for k more elements, doubling its capacity
// when it has to grow, up to n elements.
func grow[E any](s []E, k, n int) []E {
	if len(s)+k <= cap(s) {
		return s
	}
	g := make([]E, len(s), min(n, max(2*cap(s), len(s)+k)))
	copy(g, s)
	return g
}

// readData reads exactly size bytes from r. If sized (r is known to
// hold them: a plain file or a stored zip member whose size was checked)
// it allocates them at once; else it reads readChunk bytes at a time
// and keeps them as they arrive.
func readData(r io.Reader, size int, sized bool) ([]byte, error) {
	if sized {
		data := make([]byte, size)
		return data, readFull(r, data)
	}
	var data []byte
	chunk := make([]byte, min(size, readChunk))
	for len(data) < size {
		c := chunk[:min(size-len(data), len(chunk))]
		if n, err := io.ReadFull(r, c); err != nil {
			return nil, dataError(err, int64(len(data)+n), int64(size))
		}
		data = append(grow(data, len(c), size), c...)
	}
	return data, nil
}

// readFloats reads n values of type dt from r as float32, as readData
// reads bytes: all n allocated at once if sized, else growing as the
// values arrive. n must have been checked against the memory budget.
func readFloats(r io.Reader, dt dtype, n int, sized bool) ([]float32, error) {
	if sized {
		x := make([]float32, n)
		var buf []byte
		for i := 0; i < n; i += readChunk {
			if err := readValues(r, dt, x[i:min(n, i+readChunk)], &buf); err != nil {
				return nil, err
			}
		}
		return x, nil
	}
	var x []float32
	chunk := make([]byte, min(n, max(readChunk/dt.size, 1))*dt.size)
	for len(x) < n {
		k := min(n-len(x), len(chunk)/dt.size)
		if m, err := io.ReadFull(r, chunk[:k*dt.size]); err != nil {
			return nil, dataError(err, int64(len(x)*dt.size+m), int64(n*dt.size))
		}
		x = grow(x, k, n)
		x = x[:len(x)+k]
		dt.decode(x[len(x)-k:], chunk)
	}
	return x, nil
}

// dataError returns the error of reading data that ended, or failed,
// after got of the want bytes a header declares.
func dataError(err error, got, want int64) error {
	if err = streamError(err); err == ErrTruncated {
		return fmt.Errorf("%w: the data ends after %d of the %d bytes its header declares", err, got, want)
	}
	return err
}

// readValues fills x with values of type dt read from r: little-endian
// float32 straight into x's memory on a little-endian machine, other types
// through buf and decode.
func readValues(r io.Reader, dt dtype, x []float32, buf *[]byte) error {
	if dt.kind == 'f' && dt.size == 4 && !dt.big && binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
		return readFull(r, unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(x))), 4*len(x)))
	}
	if need := len(x) * dt.size; len(*buf) < need {
		*buf = make([]byte, need)
	}
	b := (*buf)[:len(x)*dt.size]
	if err := readFull(r, b); err != nil {
		return err
	}
	dt.decode(x, b)
	return nil
}

// A sizeHint is what is known of the size of a stream before it is read.
type sizeHint struct {
	bytes int64  // the stream's size, or -1 if not known
	what  string // what holds them, for errors: "the file", "the member"
	// exact says that the stream cannot hold more than bytes (a plain
	// file, a stored zip member), so that its data may be allocated at
	// once once the size is checked.
	exact bool
}

// unknownSize is the sizeHint of a stream of unknown size.
var unknownSize = sizeHint{bytes: -1}

// fileSize returns the sizeHint of the plain file f, if it tells.
func fileSize(f *os.File) sizeHint {
	fi, err := f.Stat()
	if err != nil {
		return unknownSize
	}
	return sizeHint{bytes: fi.Size(), what: "the file", exact: true}
}

// check compares the size with what a header declares: header bytes of
// header and data bytes of data, of which read are read. Reading all,
// the sizes must match; reading fewer, the data read must be there.
func (s sizeHint) check(header, data, read int64) error {
	want, need := addSize(header, data), addSize(header, read)
	switch {
	case s.bytes < 0:
		return nil
	case s.bytes < need:
		return fmt.Errorf("%w: %s holds %d bytes, its header declares %d", ErrTruncated, s.what, s.bytes, want)
	case s.bytes > want && read == data:
		return fmt.Errorf("%w: %s holds %d bytes, its header declares %d", ErrTrailingData, s.what, s.bytes, want)
	}
	return nil
}

// sized reports whether data checked against s may be allocated at once.
func (s sizeHint) sized() bool { return s.bytes >= 0 && s.exact }

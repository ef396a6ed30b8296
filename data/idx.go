package data

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// typeUbyte is the IDX type code for unsigned bytes, the only type
// this package reads.
const typeUbyte = 0x08

// maxDims is the largest number of dimensions accepted.
const maxDims = 4

// maxDataSize bounds the size of the data, in bytes, that ReadIDX accepts,
// so a corrupt header cannot ask for an absurd allocation.
const maxDataSize = math.MaxInt32

// An IDX is the content of an IDX file of unsigned bytes.
type IDX struct {
	// Dims holds the size of each dimension, outermost first.
	Dims []int
	// Data holds the product of Dims bytes, in row-major order.
	Data []byte
}

// typeName names an IDX type code, or returns "" for an unknown code.
func typeName(code byte) string {
	switch code {
	case 0x08:
		return "unsigned byte"
	case 0x09:
		return "signed byte"
	case 0x0B:
		return "short"
	case 0x0C:
		return "int"
	case 0x0D:
		return "float"
	case 0x0E:
		return "double"
	}
	return ""
}

// ReadIDX reads an IDX file of unsigned bytes from r. The data may be
// gzipped: ReadIDX tells by the gzip magic bytes 0x1f 0x8b.
//
// ReadIDX reads no more than the header declares, plus one byte: data
// after the declared end is an error ([ErrTrailingData]), so a small gzip
// file cannot make it decompress gigabytes. A file that ends early is
// [ErrTruncated]; a gzip stream that is damaged is [ErrCorrupt].
func ReadIDX(r io.Reader) (*IDX, error) {
	return readIDXFrom(r, unknownSize)
}

// readIDXFrom is ReadIDX of a stream of size, if not gzipped.
func readIDXFrom(r io.Reader, size sizeHint) (*IDX, error) {
	in, closeFn, err := maybeGunzip(r)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	if isGzip(in) {
		size = unknownSize
	}
	m, err := readIDX(in, size)
	if err != nil {
		return nil, explainByStream(in, err)
	}
	if err := expectEOF(in, len(m.Data)); err != nil {
		return nil, err
	}
	return m, nil
}

// maybeGunzip returns a reader of r's content, decompressed if r starts
// with the gzip magic bytes, and a function that releases it.
func maybeGunzip(r io.Reader) (io.Reader, func(), error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(2); err == nil && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, streamError(err)
		}
		return zr, func() { zr.Close() }, nil
	}
	return br, func() {}, nil
}

// isGzip reports whether in, from maybeGunzip, decompresses.
func isGzip(in io.Reader) bool {
	_, ok := in.(*gzip.Reader)
	return ok
}

// drainLimit bounds how much of a gzip stream explainByStream
// decompresses to check it.
const drainLimit = 16 << 20

// explainByStream returns err, or, if in is a gzip stream that turns out
// damaged within the next drainLimit bytes, an ErrCorrupt error: the
// garbage of a damaged stream explains a bad header or size.
func explainByStream(in io.Reader, err error) error {
	if !isGzip(in) || errors.Is(err, ErrCorrupt) {
		return err
	}
	_, zerr := io.Copy(io.Discard, io.LimitReader(in, drainLimit))
	if zerr != nil && isCompressionError(zerr) {
		return fmt.Errorf("%w: %w (which explains: %v)", ErrCorrupt, zerr, err)
	}
	return err
}

// expectEOF checks that r holds nothing more. Reaching the end of a gzip
// stream also checks its checksum. declared is the size of the data
// read, for the error message.
func expectEOF(r io.Reader, declared int) error {
	var one [1]byte
	for {
		n, err := r.Read(one[:])
		if n > 0 {
			return fmt.Errorf("%w: more than the %d bytes of data declared", ErrTrailingData, declared)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return streamError(err)
		}
	}
}

// readIDX reads an IDX file of unsigned bytes from the decompressed
// stream r, of size.
func readIDX(r io.Reader, size sizeHint) (*IDX, error) {
	dims, err := readIDXHeader(r)
	if err != nil {
		return nil, err
	}
	n := mulSize(1, dims...)
	if err := fitsMemory(n, fmt.Sprintf("an IDX array of shape %v", dims)); err != nil {
		return nil, err
	}
	if err := size.check(idxHeaderSize(dims), n, n); err != nil {
		return nil, err
	}
	data, err := readData(r, int(n), size.sized())
	if err != nil {
		return nil, err
	}
	return &IDX{Dims: dims, Data: data}, nil
}

// readIDXHeader reads the magic number and dimensions of an IDX file of
// unsigned bytes from the decompressed stream r. Their product is at most
// maxDataSize.
func readIDXHeader(r io.Reader) ([]int, error) {
	var magic [4]byte
	if err := readFull(r, magic[:]); err != nil {
		return nil, err
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, ErrMagic
	}
	if magic[2] != typeUbyte {
		name := typeName(magic[2])
		if name == "" {
			return nil, fmt.Errorf("%w: unknown type code 0x%02x", ErrMagic, magic[2])
		}
		return nil, fmt.Errorf("idx: unsupported data type 0x%02x (%s); only unsigned byte (0x08) is supported", magic[2], name)
	}
	n := int(magic[3])
	if n < 1 || n > maxDims {
		return nil, fmt.Errorf("%w: %d dimensions, want 1 to %d", ErrMagic, n, maxDims)
	}
	hdr := make([]byte, 4*n)
	if err := readFull(r, hdr); err != nil {
		return nil, err
	}
	dims := make([]int, n)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(hdr[4*i:]))
	}
	// Dimensions are below 2^32, so no product of four overflows int64.
	if size := mulSize(1, dims...); size < 0 || size > maxDataSize {
		return nil, fmt.Errorf("idx: dimensions %v hold more than %d bytes", hdr2dims(hdr), maxDataSize)
	}
	return dims, nil
}

// idxHeaderSize returns the bytes of the header of an IDX file of
// dimensions dims.
func idxHeaderSize(dims []int) int64 { return 4 + 4*int64(len(dims)) }

// hdr2dims decodes big-endian uint32 dimensions, for error messages.
func hdr2dims(hdr []byte) []uint32 {
	d := make([]uint32, len(hdr)/4)
	for i := range d {
		d[i] = binary.BigEndian.Uint32(hdr[4*i:])
	}
	return d
}

// readFull fills b from r, reporting a short read as ErrTruncated.
func readFull(r io.Reader, b []byte) error {
	_, err := io.ReadFull(r, b)
	if err != nil {
		return streamError(err)
	}
	return nil
}

// streamError turns the error of a short stream into ErrTruncated and that
// of a broken gzip or flate stream into ErrCorrupt, keeping the cause.
// Other errors, such as those of the operating system, are returned as
// they are.
func streamError(err error) error {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return ErrTruncated
	case isCompressionError(err):
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// isCompressionError reports whether err comes from a broken gzip, zip or
// flate stream.
func isCompressionError(err error) bool {
	for _, e := range []error{gzip.ErrHeader, gzip.ErrChecksum, zip.ErrChecksum, zip.ErrFormat, zip.ErrAlgorithm} {
		if errors.Is(err, e) {
			return true
		}
	}
	var corrupt flate.CorruptInputError
	var internal flate.InternalError
	return errors.As(err, &corrupt) || errors.As(err, &internal)
}

// ReadIDXFile reads the IDX file at path, plain or gzipped. Its errors are
// *FileError values naming path.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := readIDXFrom(f, fileSize(f))
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return m, nil
}

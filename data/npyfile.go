package data

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
)

// readBlock bounds the bytes NPYFile.ReadRows reads at once, and so the
// memory it uses whatever the number of rows asked for.
const readBlock = 1 << 20

// An NPYFile reads the rows of a .npy file on demand, for data larger
// than memory: it keeps the file open and reads with ReadAt, never the
// whole file. Its methods may be called from several goroutines.
type NPYFile struct {
	f       *os.File
	path    string
	h       *npyHeader
	shape   []int // one sample's shape
	nhwc    bool  // samples are (H, W, C) on disk
	rowSize int   // values per row
	rows    int   // the rows read: the file's, or fewer (Options.Limit)
	bufs    sync.Pool
}

// OpenNPYFile opens the .npy file at path for reading rows on demand.
// The array must be in C (row-major) order, of 1 to 4 dimensions, the
// first counting samples; 4-dimensional arrays are taken as NHWC, as
// [Options.Layout] says. The file's size must match its header.
func OpenNPYFile(path string) (*NPYFile, error) {
	return openNPYFile(path, "")
}

// openNPYFile is OpenNPYFile with a layout for 4-dimensional arrays.
func openNPYFile(path, layout string) (*NPYFile, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	nf, err := newNPYFile(f, path, layout)
	if err != nil {
		f.Close()
		return nil, fileError(path, err)
	}
	return nf, nil
}

// newNPYFile reads the header of f and checks its size.
func newNPYFile(f *os.File, path, layout string) (*NPYFile, error) {
	h, err := readNPYHeader(io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return nil, err
	}
	if h.fortran && len(h.dims) > 1 {
		return nil, fmt.Errorf("npy: Fortran (column-major) order; reading rows from the file needs C order (numpy.ascontiguousarray), or load it into memory")
	}
	shape, nhwc, err := sampleShape(h.dims, layout)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	want := h.offset + int64(h.elems())*int64(h.dtype.size)
	switch {
	case fi.Size() < want:
		return nil, fmt.Errorf("%w: %d bytes, the header declares %d", ErrTruncated, fi.Size(), want)
	case fi.Size() > want:
		return nil, fmt.Errorf("%w: %d bytes, the header declares %d", ErrTrailingData, fi.Size(), want)
	}
	nf := &NPYFile{f: f, path: path, h: h, shape: shape, nhwc: nhwc, rowSize: 1, rows: h.dims[0]}
	for _, d := range shape {
		nf.rowSize *= d
	}
	return nf, nil
}

// Len returns the number of rows (samples).
func (nf *NPYFile) Len() int { return nf.rows }

// Shape returns the shape of one sample, channels first for images.
func (nf *NPYFile) Shape() []int { return slices.Clone(nf.shape) }

// Dims returns the shape of the array in the file.
func (nf *NPYFile) Dims() []int { return slices.Clone(nf.h.dims) }

// Uint8 reports whether the file holds 8-bit unsigned values.
func (nf *NPYFile) Uint8() bool { return nf.h.dtype.isUint8() }

// Path returns the file's path.
func (nf *NPYFile) Path() string { return nf.path }

// Close closes the file.
func (nf *NPYFile) Close() error { return nf.f.Close() }

// Set returns a file-backed set of the file's rows, unlabelled.
func (nf *NPYFile) Set() *Set {
	return &Set{Rows: nf, Shape: nf.Shape(), Source: nf.path, Uint8: nf.Uint8()}
}

// ReadRows reads rows start to start+n-1 into dst, converted to float32
// (and to channels-first order for NHWC images), which must hold at least
// n rows. It reads at most 1 MiB at a time, whatever n.
func (nf *NPYFile) ReadRows(start, n int, dst []float32) error {
	if start < 0 || n < 0 || start+n > nf.Len() {
		return &FileError{Path: nf.path, Err: fmt.Errorf("rows %d to %d out of range [0, %d)", start, start+n, nf.Len())}
	}
	if len(dst) < n*nf.rowSize {
		return &FileError{Path: nf.path, Err: fmt.Errorf("%d rows of %d values need %d values, dst holds %d", n, nf.rowSize, n*nf.rowSize, len(dst))}
	}
	rowBytes := nf.rowSize * nf.h.dtype.size
	if rowBytes == 0 {
		return nil
	}
	per := max(1, readBlock/rowBytes) // rows per read
	bp, _ := nf.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer nf.bufs.Put(bp)
	if cap(*bp) < min(per, n)*rowBytes {
		*bp = make([]byte, min(per, n)*rowBytes)
	}
	for done := 0; done < n; {
		k := min(per, n-done)
		buf := (*bp)[:k*rowBytes]
		off := nf.h.offset + int64(start+done)*int64(rowBytes)
		if _, err := nf.f.ReadAt(buf, off); err != nil {
			return &FileError{Path: nf.path, Err: fmt.Errorf("rows %d to %d: %w", start+done, start+done+k, streamError(err))}
		}
		out := dst[done*nf.rowSize : (done+k)*nf.rowSize]
		nf.h.dtype.decode(out, buf)
		if err := checkFinite(out, append([]int{k}, nf.h.dims[1:]...)); err != nil {
			return &FileError{Path: nf.path, Err: fmt.Errorf("rows from %d: %w", start+done, err)}
		}
		if nf.nhwc {
			hwcToCHW(out, nf.shape)
		}
		done += k
	}
	return nil
}

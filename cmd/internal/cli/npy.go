package cli

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

// npyHeader returns a NumPy 1.0 header for an array of descr and shape,
// padded so that the data starts at a multiple of 64 bytes, as NumPy
// writes it. (npyio's Write gives slices one dimension and writes
// float64 matrices only, so the header is written here; the tests read
// it back with npyio.)
func npyHeader(descr string, shape []int) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	tuple := "(" + strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	tuple += ")"
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple)
	pad := 64 - (10+len(dict)+1)%64
	if pad == 64 {
		pad = 0
	}
	dict += strings.Repeat(" ", pad) + "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(dict)))
	b.WriteString(dict)
	return b.Bytes()
}

// NPYWriter streams a float32 array of a known shape into a .npy file,
// through an AtomicFile, so that the path holds either its old contents
// or the whole array.
type NPYWriter struct {
	*AtomicFile
	left int // values still to come
	buf  []byte
}

// CreateNPY starts writing a float32 (little-endian '<f4') array of shape
// to path.
func CreateNPY(path string, shape []int) (*NPYWriter, error) {
	n := 1
	for _, d := range shape {
		n *= d
	}
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(npyHeader("<f4", shape)); err != nil {
		f.Abort()
		return nil, err
	}
	return &NPYWriter{AtomicFile: f, left: n}, nil
}

// WriteValues appends values.
func (w *NPYWriter) WriteValues(v []float32) error {
	if len(v) > w.left {
		return fmt.Errorf("%s: %d values more than the shape holds", w.Name(), len(v)-w.left)
	}
	w.buf = w.buf[:0]
	for _, x := range v {
		w.buf = binary.LittleEndian.AppendUint32(w.buf, math.Float32bits(x))
	}
	w.left -= len(v)
	_, err := w.Write(w.buf)
	return err
}

// Close checks that the array is complete and puts the file in place;
// an incomplete array is removed.
func (w *NPYWriter) Close() error {
	if w.left != 0 {
		w.Abort()
		return fmt.Errorf("%s: %d values missing", w.Name(), w.left)
	}
	return w.AtomicFile.Close()
}

// WriteLabelsNPY writes labels as a 1-D .npy array, atomically: int64
// ('<i8') if every label is an integer, else Unicode strings ('<U' of the
// longest label's length, as NumPy stores str arrays).
func WriteLabelsNPY(path string, labels []string) error {
	ints := make([]int64, len(labels))
	isInt := true
	for i, l := range labels {
		v, err := strconv.ParseInt(l, 10, 64)
		if err != nil {
			isInt = false
			break
		}
		ints[i] = v
	}
	var b []byte
	if isInt {
		b = npyHeader("<i8", []int{len(labels)})
		for _, v := range ints {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
	} else {
		width := 1
		for _, l := range labels {
			width = max(width, utf8.RuneCountInString(l))
		}
		b = npyHeader("<U"+strconv.Itoa(width), []int{len(labels)})
		for _, l := range labels {
			n := 0
			for _, r := range l {
				b = binary.LittleEndian.AppendUint32(b, uint32(r))
				n++
			}
			for ; n < width; n++ {
				b = binary.LittleEndian.AppendUint32(b, 0)
			}
		}
	}
	return safetensors.WriteFileAtomic(path, b, 0o644)
}

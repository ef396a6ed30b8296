package data

import (
	"fmt"
	"slices"
)

// A Set is samples of one shape with optional labels. Its values are raw,
// as the file holds them; a [Scaler] scales them.
type Set struct {
	// X holds Len()*Size() values, sample after sample, each sample in
	// row-major order of Shape. It is nil for a file-backed set.
	X []float32
	// Rows reads the samples of a file-backed set (X nil), such as an
	// [NPYFile]; nil for a set held in memory.
	Rows Rows
	// Shape is one sample's shape: (D) for tabular data, (C, H, W) for
	// images, channels first.
	Shape []int
	// Labels holds one label per sample, or is nil when the samples are
	// unlabelled.
	Labels []string
	// Source is the file or folder the samples came from.
	Source string
	// Uint8 reports that the values came from 8-bit data (images, uint8
	// arrays), for which x/255 is the natural scaling.
	Uint8 bool
}

// Rows reads samples kept outside memory.
type Rows interface {
	// Len returns the number of samples.
	Len() int
	// ReadRows reads samples start to start+n-1 into dst, which holds at
	// least n times the values of one sample.
	ReadRows(start, n int, dst []float32) error
}

// Size returns the number of values in one sample, the product of Shape.
func (s *Set) Size() int {
	n := 1
	for _, d := range s.Shape {
		n *= d
	}
	return n
}

// Len returns the number of samples.
func (s *Set) Len() int {
	if s.X == nil && s.Rows != nil {
		return s.Rows.Len()
	}
	if size := s.Size(); size > 0 {
		return len(s.X) / size
	}
	return 0
}

// ReadRows copies samples start to start+n-1 into dst, from memory or
// from the file behind a file-backed set.
func (s *Set) ReadRows(start, n int, dst []float32) error {
	size := s.Size()
	if start < 0 || n < 0 || start+n > s.Len() {
		return fmt.Errorf("data: %s: rows %d to %d out of range [0, %d)", s.Source, start, start+n, s.Len())
	}
	if len(dst) < n*size {
		return fmt.Errorf("data: %s: %d rows of %d values need %d values, dst holds %d", s.Source, n, size, n*size, len(dst))
	}
	if s.X == nil && s.Rows != nil {
		return s.Rows.ReadRows(start, n, dst)
	}
	copy(dst, s.X[start*size:(start+n)*size])
	return nil
}

// Head returns the first n samples, sharing memory with s. If n <= 0 or
// n >= Len, Head returns s itself.
func (s *Set) Head(n int) *Set {
	if n <= 0 || n >= s.Len() {
		return s
	}
	return s.Slice(0, n)
}

// Slice returns the samples from, from+1, ..., to-1, sharing memory (or
// the file) with s. It panics if the range is not within s, as slicing
// does.
func (s *Set) Slice(from, to int) *Set {
	if from < 0 || to < from || to > s.Len() {
		panic(fmt.Sprintf("data: Slice(%d, %d) of a set of %d samples", from, to, s.Len()))
	}
	h := *s
	if h.Labels != nil {
		h.Labels = h.Labels[from:to:to]
	}
	if s.X == nil && s.Rows != nil {
		h.Rows = &subRows{rows: s.Rows, start: from, n: to - from}
		return &h
	}
	size := s.Size()
	h.X = s.X[from*size : to*size : to*size]
	return &h
}

// Filter returns the samples whose label keep accepts, in their order.
// An in-memory set's samples are copied; a file-backed set's are read
// from the file as needed. An unlabelled set gives an empty set unless
// keep accepts "".
func (s *Set) Filter(keep func(label string) bool) *Set {
	var idx []int
	for i := range s.Len() {
		label := ""
		if s.Labels != nil {
			label = s.Labels[i]
		}
		if keep(label) {
			idx = append(idx, i)
		}
	}
	f := *s
	f.Shape = slices.Clone(s.Shape)
	if s.Labels != nil {
		f.Labels = make([]string, len(idx))
		for j, i := range idx {
			f.Labels[j] = s.Labels[i]
		}
	}
	if s.X == nil && s.Rows != nil {
		f.Rows = &indexRows{rows: s.Rows, idx: idx, size: s.Size()}
		return &f
	}
	size := s.Size()
	f.X = make([]float32, 0, len(idx)*size)
	for _, i := range idx {
		f.X = append(f.X, s.X[i*size:(i+1)*size]...)
	}
	return &f
}

// Classes returns the distinct labels of s in sorted order, or nil for an
// unlabelled set.
func (s *Set) Classes() []string {
	if s.Labels == nil {
		return nil
	}
	seen := make(map[string]bool)
	var classes []string
	for _, l := range s.Labels {
		if !seen[l] {
			seen[l] = true
			classes = append(classes, l)
		}
	}
	slices.Sort(classes)
	return classes
}

// A Split is what a source holds: a training part and, where the source
// has one, a test part (nil otherwise).
type Split struct {
	Train, Test *Set
}

// subRows is the rows start to start+n-1 of rows.
type subRows struct {
	rows     Rows
	start, n int
}

func (r *subRows) Len() int { return r.n }

func (r *subRows) ReadRows(start, n int, dst []float32) error {
	if start < 0 || n < 0 || start+n > r.n {
		return fmt.Errorf("data: rows %d to %d out of range [0, %d)", start, start+n, r.n)
	}
	return r.rows.ReadRows(r.start+start, n, dst)
}

// SourceRow returns the row of the file that holds sample i of s: the
// views of a file-backed set (Slice, Filter, Pick, a split) map their
// rows to the file's. A set in memory, whose rows are copies, and a row
// out of range give i.
func (s *Set) SourceRow(i int) int {
	if s.X != nil {
		return i
	}
	return sourceRow(s.Rows, i)
}

// sourceRow maps row i of rows through the views it is made of.
func sourceRow(rows Rows, i int) int {
	switch r := rows.(type) {
	case *subRows:
		if i >= 0 && i < r.n {
			return sourceRow(r.rows, r.start+i)
		}
	case *indexRows:
		if i >= 0 && i < len(r.idx) {
			return sourceRow(r.rows, r.idx[i])
		}
	}
	return i
}

// indexRows is the rows idx of rows, each of size values.
type indexRows struct {
	rows Rows
	idx  []int
	size int
}

func (r *indexRows) Len() int { return len(r.idx) }

// ReadRows reads runs of consecutive rows at once.
func (r *indexRows) ReadRows(start, n int, dst []float32) error {
	if start < 0 || n < 0 || start+n > len(r.idx) {
		return fmt.Errorf("data: rows %d to %d out of range [0, %d)", start, start+n, len(r.idx))
	}
	for j := start; j < start+n; {
		k := j + 1
		for k < start+n && r.idx[k] == r.idx[k-1]+1 {
			k++
		}
		off := (j - start) * r.size
		if err := r.rows.ReadRows(r.idx[j], k-j, dst[off:off+(k-j)*r.size]); err != nil {
			return err
		}
		j = k
	}
	return nil
}

package data

import (
	"errors"
	"fmt"
	"slices"
)

// A Series is a time series in memory: Len rows of Channels values, row
// after row (time-major), as a CSV holds them, with the time of each row
// when the file has a time column. [Series.Windows] cuts it into
// overlapping samples that are views into X.
type Series struct {
	X        []float32
	Channels int
	// Time holds each row's timestamp as the file writes it, or is nil.
	Time []string
	// Source is the file the series came from.
	Source string
}

// Len returns the number of rows (time points).
func (s *Series) Len() int {
	if s.Channels <= 0 {
		return 0
	}
	return len(s.X) / s.Channels
}

// Windows returns the windows of window rows every stride rows of s, as
// a set of samples of shape (Channels, window), channels first: window i
// holds rows i·stride to i·stride+window-1. The set is a view: it keeps
// the one series and copies a window's values only when ReadRows asks
// for them. A window longer than the series or a stride below 1 is an
// [*OptionError] naming Window or Stride.
func (s *Series) Windows(window, stride int) (*Set, error) {
	if stride < 1 {
		return nil, &OptionError{Field: "Stride", Value: stride, Err: errors.New("want 1 or more steps between windows")}
	}
	if window < 1 || window > s.Len() {
		return nil, &OptionError{Field: "Window", Value: window,
			Err: fmt.Errorf("want 1 to %d steps: %s holds a series of %d", s.Len(), s.Source, s.Len())}
	}
	r := &windowRows{s: s, w: window, stride: stride, n: (s.Len()-window)/stride + 1}
	return &Set{Rows: r, Shape: []int{s.Channels, window}, Source: s.Source}, nil
}

// windowRows is the windows of a series.
type windowRows struct {
	s            *Series
	w, stride, n int
}

func (r *windowRows) Len() int { return r.n }

// ReadRows copies windows start to start+n-1, each transposed to channels
// first.
func (r *windowRows) ReadRows(start, n int, dst []float32) error {
	if start < 0 || n < 0 || start+n > r.n {
		return fmt.Errorf("data: %s: windows %d to %d out of range [0, %d)", r.s.Source, start, start+n, r.n)
	}
	c, w := r.s.Channels, r.w
	for i := range n {
		first := (start + i) * r.stride
		out := dst[i*c*w : (i+1)*c*w]
		if c == 1 {
			copy(out, r.s.X[first:first+w])
			continue
		}
		for t := range w {
			for ch := range c {
				out[ch*w+t] = r.s.X[(first+t)*c+ch]
			}
		}
	}
	return nil
}

// WindowInfo says where the samples of a set of windows lie in their
// series.
type WindowInfo struct {
	Series         *Series
	Window, Stride int
}

// Start returns the first row of the series that sample i of set holds.
func (w WindowInfo) start(set *Set, i int) int { return set.SourceRow(i) * w.Stride }

// Windowed returns where the windows of set lie, if set is windows of a
// series ([Series.Windows]) or a part of them (a split, Slice, Head).
func Windowed(set *Set) (WindowInfo, bool) {
	if set == nil || set.X != nil {
		return WindowInfo{}, false
	}
	r, ok := baseRows(set.Rows).(*windowRows)
	if !ok {
		return WindowInfo{}, false
	}
	return WindowInfo{Series: r.s, Window: r.w, Stride: r.stride}, true
}

// WindowStarts returns the first row in its series of every sample of
// set, a set of windows.
func WindowStarts(set *Set) ([]int, error) {
	w, ok := Windowed(set)
	if !ok {
		return nil, fmt.Errorf("data: %s: the samples are not windows of a series", set.Source)
	}
	starts := make([]int, set.Len())
	for i := range starts {
		starts[i] = w.start(set, i)
	}
	return starts, nil
}

// baseRows returns the rows the views rows is made of read.
func baseRows(rows Rows) Rows {
	for {
		switch r := rows.(type) {
		case *subRows:
			rows = r.rows
		case *indexRows:
			rows = r.rows
		default:
			return rows
		}
	}
}

// seriesScaler fits a scaler of the given kind to the rows of the series
// that the windows of set cover, per channel, and repeats each channel's
// statistics over the steps of a window, so that it applies to the
// windows: keras.io's standardisation with the training series' mean and
// standard deviation.
func seriesScaler(kind string, set *Set, w WindowInfo) (*Scaler, error) {
	starts, err := WindowStarts(set)
	if err != nil {
		return nil, err
	}
	if len(starts) == 0 {
		return nil, fmt.Errorf("data: %s: %w to fit a scaler to", set.Source, ErrNoData)
	}
	lo, hi := slices.Min(starts), slices.Max(starts)+w.Window
	c := w.Series.Channels
	sc, err := FitScaler(kind, &Set{X: w.Series.X[lo*c : hi*c], Shape: []int{c}, Source: set.Source})
	if err != nil {
		return nil, err
	}
	for _, f := range []*[]float32{&sc.Min, &sc.Max, &sc.Mean, &sc.Std} {
		*f = repeatEach(*f, w.Window)
	}
	return sc, nil
}

// repeatEach returns v with each value repeated k times in a row; nil
// for nil.
func repeatEach(v []float32, k int) []float32 {
	if v == nil {
		return nil
	}
	out := make([]float32, 0, len(v)*k)
	for _, x := range v {
		for range k {
			out = append(out, x)
		}
	}
	return out
}

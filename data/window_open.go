package data

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// WindowOptions are the fields of [Options] that make [Open] cut a time
// series into windows. The zero value reads samples as they are.
type WindowOptions struct {
	// Window, if not 0, makes Open read the file as a time series (rows
	// are time, columns channels) and return its windows of Window rows
	// (see [Series.Windows]) as samples of shape (channels, Window).
	Window int
	// Stride is the rows from one window to the next: 1 or more when
	// Window is set (keras.io's is 1).
	Stride int
	// TimeColumn names the CSV column holding each row's time, which is
	// kept with the series (Series.Time) and checked: the times must
	// increase by the same step, unless Gaps.
	TimeColumn string
	// Gaps accepts a series whose time steps differ (gaps in the record);
	// times must still increase.
	Gaps bool
}

// timeLayouts are the time formats a time column may use; a column of
// numbers is read as numbers.
var timeLayouts = []string{"2006-01-02 15:04:05", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"}

// openSeries reads the series at path and returns its windows.
func openSeries(path string, opt Options) (*Split, error) {
	w := opt.WindowOptions
	if w.Window == 0 {
		return nil, &OptionError{Field: "Window", Value: 0, Err: errors.New("Stride, TimeColumn and Gaps cut a series into windows: set the steps of a window too")}
	}
	if opt.LabelColumn != "" {
		return nil, &OptionError{Field: "LabelColumn", Value: opt.LabelColumn, Err: errors.New("a time series has no labels; name its time column with TimeColumn")}
	}
	if w.Stride < 1 {
		return nil, &OptionError{Field: "Stride", Value: w.Stride, Err: errors.New("want 1 or more steps between windows")}
	}
	inner := opt
	inner.WindowOptions, inner.LabelColumn, inner.FileBacked = WindowOptions{}, w.TimeColumn, false
	split, err := Open(path, inner)
	var pe *ParseError
	if err != nil && w.TimeColumn == "" && errors.As(err, &pe) {
		return nil, fmt.Errorf("%w (a time column is named by TimeColumn, -time-column)", err)
	}
	if err != nil {
		return nil, err
	}
	out := &Split{}
	for _, p := range []struct{ from, to **Set }{{&split.Train, &out.Train}, {&split.Test, &out.Test}} {
		if *p.from == nil {
			continue
		}
		s, err := seriesOf(*p.from, path, w)
		if err != nil {
			return nil, err
		}
		if *p.to, err = s.Windows(w.Window, w.Stride); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// seriesOf returns the rows of set, read from path, as a series.
func seriesOf(set *Set, path string, w WindowOptions) (*Series, error) {
	if len(set.Shape) != 1 {
		return nil, &FileError{Path: path, Err: fmt.Errorf("a time series is rows of channels (a CSV, a 2-D array); this holds samples of shape %v", set.Shape)}
	}
	s := &Series{X: set.X, Channels: set.Shape[0], Time: set.Labels, Source: set.Source}
	if s.X == nil {
		s.X = make([]float32, set.Len()*set.Size())
		if err := set.ReadRows(0, set.Len(), s.X); err != nil {
			return nil, err
		}
	}
	if err := checkTimes(s.Time, w.Gaps); err != nil {
		return nil, &FileError{Path: path, Err: fmt.Errorf("column %q: %w", w.TimeColumn, err)}
	}
	return s, nil
}

// checkTimes checks that times increase, by one step unless gaps.
func checkTimes(times []string, gaps bool) error {
	if len(times) < 2 {
		return nil
	}
	at := make([]float64, len(times))
	for i, t := range times {
		v, err := parseTime(t)
		if err != nil {
			return fmt.Errorf("row %d: %w", i+1, err)
		}
		at[i] = v
	}
	step := at[1] - at[0]
	for i := 1; i < len(at); i++ {
		switch d := at[i] - at[i-1]; {
		case d <= 0:
			return fmt.Errorf("row %d: time %q is not after %q (the rows must be in time order)", i+1, times[i], times[i-1])
		case d != step && !gaps:
			return fmt.Errorf("row %d: time %q follows %q by %s, the series' step is %s (a gap; -allow-gaps accepts it)",
				i+1, times[i], times[i-1], span(d), span(step))
		}
	}
	return nil
}

// parseTime reads a time as seconds, or a plain number as itself.
func parseTime(s string) (float64, error) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return float64(t.UnixNano()) / 1e9, nil
		}
	}
	return 0, fmt.Errorf("%q is no time (want a number or a date such as 2014-04-01 00:05:00)", s)
}

// span writes a step of seconds as a duration.
func span(sec float64) string { return time.Duration(sec * 1e9).String() }

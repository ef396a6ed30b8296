package data

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testSeries is a series of n rows of c channels, value (row, ch) =
// row + ch/10.
func testSeries(n, c int) *Series {
	s := &Series{Channels: c, Source: "test"}
	for r := range n {
		for ch := range c {
			s.X = append(s.X, float32(r)+float32(ch)/10)
		}
	}
	return s
}

// TestWindowViews: the first, a middle and the last window read as the
// slices of the series they stand for, channels first, and the set keeps
// no copy of them.
func TestWindowViews(t *testing.T) {
	for _, tc := range []struct{ n, c, w, stride, windows int }{
		{20, 1, 5, 1, 16},
		{20, 3, 4, 3, 6},
		{7, 2, 7, 2, 1},
	} {
		s := testSeries(tc.n, tc.c)
		set, err := s.Windows(tc.w, tc.stride)
		if err != nil {
			t.Fatal(err)
		}
		if set.Len() != tc.windows || !slices.Equal(set.Shape, []int{tc.c, tc.w}) || set.X != nil {
			t.Fatalf("%+v: %d windows of %v (X %d values), want %d of [%d %d], no copy", tc, set.Len(), set.Shape, len(set.X), tc.windows, tc.c, tc.w)
		}
		for _, i := range []int{0, tc.windows / 2, tc.windows - 1} {
			got := make([]float32, tc.c*tc.w)
			if err := set.ReadRows(i, 1, got); err != nil {
				t.Fatal(err)
			}
			first := i * tc.stride
			for ch := range tc.c {
				for k := range tc.w {
					if want := s.X[(first+k)*tc.c+ch]; got[ch*tc.w+k] != want {
						t.Fatalf("%+v: window %d, channel %d, step %d: %v, want %v", tc, i, ch, k, got[ch*tc.w+k], want)
					}
				}
			}
		}
	}
}

// TestWindowTailSplit: windows validate on their tail by default, so
// that no training window starts after a validation window (no look-
// ahead), and the scaler is fitted on the rows of the training windows
// only, per channel.
func TestWindowTailSplit(t *testing.T) {
	s := testSeries(100, 2)
	set, err := s.Windows(10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if k := ShuffledKind(set); k != SplitTail {
		t.Fatalf("default split kind of windows %q, want %q", k, SplitTail)
	}
	tr, va, err := SplitShuffled(set, 0.1, 7)
	if err != nil {
		t.Fatal(err)
	}
	trs, _ := WindowStarts(tr)
	vas, _ := WindowStarts(va)
	if len(vas) != 9 || slices.Max(trs) >= slices.Min(vas) || vas[len(vas)-1] != 90 {
		t.Fatalf("training windows start at %d..%d, validation at %v", trs[0], slices.Max(trs), vas)
	}
	sc, err := FitScaler(ScaleStandard, tr)
	if err != nil {
		t.Fatal(err)
	}
	// training rows 0..81+9 = 0..90: mean 45 (+0.1 for channel 1), the
	// population std of 0..90.
	var v float64
	for r := range 91 {
		v += (float64(r) - 45) * (float64(r) - 45)
	}
	std := math.Sqrt(v / 91)
	if len(sc.Mean) != 20 || math.Abs(float64(sc.Mean[0])-45) > 1e-4 || math.Abs(float64(sc.Mean[19])-45.1) > 1e-4 ||
		math.Abs(float64(sc.Std[5])-std) > 1e-3 {
		t.Fatalf("scaler mean %v std %v, want 45 and 45.1 per channel, std %.4f", sc.Mean, sc.Std, std)
	}
}

// TestOpenSeries reads a CSV as a series cut into windows, and refuses
// bad windows and times with an error naming the option or the row.
func TestOpenSeries(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, rows ...string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("timestamp,value\n"+strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "2014-04-01 00:00:00,1", "2014-04-01 00:05:00,2", "2014-04-01 00:10:00,3", "2014-04-01 00:15:00,4")
	gap := write("gap.csv", "2014-04-01 00:00:00,1", "2014-04-01 00:05:00,2", "2014-04-01 00:15:00,3")
	back := write("back.csv", "2014-04-01 00:00:00,1", "2014-04-01 00:10:00,2", "2014-04-01 00:05:00,3")
	split, err := Open(good, Options{WindowOptions: WindowOptions{Window: 3, Stride: 1, TimeColumn: "timestamp"}})
	if err != nil {
		t.Fatal(err)
	}
	w, ok := Windowed(split.Train)
	if !ok || split.Train.Len() != 2 || w.Series.Time[3] != "2014-04-01 00:15:00" {
		t.Fatalf("windows %d, series %+v", split.Train.Len(), w.Series)
	}
	if _, err := Open(gap, Options{WindowOptions: WindowOptions{Window: 2, Stride: 1, TimeColumn: "timestamp", Gaps: true}}); err != nil {
		t.Fatalf("gaps accepted: %v", err)
	}
	for _, tc := range []struct {
		name, path string
		opt        WindowOptions
		field, msg string
	}{
		{"window longer than the series", good, WindowOptions{Window: 5, Stride: 1, TimeColumn: "timestamp"}, "Window", "series of 4"},
		{"stride 0", good, WindowOptions{Window: 2, TimeColumn: "timestamp"}, "Stride", "1 or more"},
		{"gap", gap, WindowOptions{Window: 2, Stride: 1, TimeColumn: "timestamp"}, "", "row 3: time \"2014-04-01 00:15:00\" follows"},
		{"backwards", back, WindowOptions{Window: 2, Stride: 1, TimeColumn: "timestamp", Gaps: true}, "", "row 3: time \"2014-04-01 00:05:00\" is not after"},
		{"stride without window", good, WindowOptions{Stride: 2}, "Window", "set the steps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.path, Options{WindowOptions: tc.opt})
			var oe *OptionError
			if err == nil || !strings.Contains(err.Error(), tc.msg) || strings.Contains(err.Error(), "\n") ||
				(tc.field != "") != errors.As(err, &oe) || (oe != nil && oe.Field != tc.field) {
				t.Fatalf("error %v, want one line with %q (option %q)", err, tc.msg, tc.field)
			}
		})
	}
}

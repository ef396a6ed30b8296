package data

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpenSeries: any CSV, window and stride, read as a time series, is
// windows whose every one reads, or an error; never a panic.
func FuzzOpenSeries(f *testing.F) {
	f.Add([]byte("t,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,2\n2014-04-01 00:10:00,3\n"), 2, 1, false)
	f.Add([]byte("t,a,b\n1,1,2\n2,3,4\n4,5,6\n"), 1, 2, true)
	f.Add([]byte("t,a\n3,1\n2,2\n"), 1, 1, true)
	f.Add([]byte("t,a\n2014-04-01T00:00:00Z,1\nx,2\n"), 1, 1, false)
	f.Fuzz(func(t *testing.T, b []byte, window, stride int, gaps bool) {
		path := filepath.Join(t.TempDir(), "s.csv")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		split, err := Open(path, Options{WindowOptions: WindowOptions{Window: window, Stride: stride, TimeColumn: "t", Gaps: gaps}})
		if err != nil {
			return
		}
		set := split.Train
		if window < 1 || stride < 1 || set.Len() < 1 {
			t.Fatalf("window %d, stride %d: %d windows", window, stride, set.Len())
		}
		x := make([]float32, set.Len()*set.Size())
		if err := set.ReadRows(0, set.Len(), x); err != nil {
			t.Fatal(err)
		}
	})
}

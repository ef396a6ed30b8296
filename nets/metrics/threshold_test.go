package metrics_test

import (
	"math"
	"testing"

	"github.com/go-autoencoders/ae/nets/metrics"
)

func TestThreshold(t *testing.T) {
	train := []float64{5, 1, 4, 2, 3} // sorted 1..5
	for _, c := range []struct {
		kind string
		want float64
		bad  bool
	}{
		{"max", 5, false},
		{"p100", 5, false},
		{"p0", 1, false},
		{"p50", 3, false},
		{"p99", 4.96, false}, // NumPy: 1 + 0.99*4 = 4.96 -> between 4 and 5
		{"p62.5", 3.5, false},
		{"0.25", 0.25, false},
		{"-1e3", -1000, false},
		{"p101", 0, true},
		{"pfoo", 0, true},
		{"median", 0, true},
		{"NaN", 0, true},
		{"+Inf", 0, true},
		{"", 0, true},
	} {
		t.Run(c.kind, func(t *testing.T) {
			got, err := metrics.Threshold(c.kind, train)
			if c.bad {
				if err == nil {
					t.Fatalf("Threshold(%q) = %v, want an error", c.kind, got)
				}
				return
			}
			if err != nil || math.Abs(got-c.want) > 1e-12 {
				t.Fatalf("Threshold(%q) = %v, %v; want %v", c.kind, got, err, c.want)
			}
		})
	}
	if _, err := metrics.Threshold("p99", nil); err == nil {
		t.Error("p99 of no scores: no error")
	}
	if _, err := metrics.Threshold("max", []float64{1, math.NaN()}); err == nil {
		t.Error("a NaN score: no error")
	}
}

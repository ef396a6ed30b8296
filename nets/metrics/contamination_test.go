package metrics

import (
	"math"
	"testing"
)

// TestContaminationThreshold checks thresholds on a known set, scores 1
// to 10, against numpy.percentile's (PyOD's threshold_): contamination
// 0.1 is the 90th percentile, at position 0.9·9 = 8.1 between 9 and 10:
// 9.1, above which one score of ten lies; 0.25 gives position 6.75:
// 7.75, above which three lie; 0.3 gives 7.3.
func TestContaminationThreshold(t *testing.T) {
	scores := []float64{3, 1, 4, 10, 5, 9, 2, 6, 8, 7}
	for _, tc := range []struct {
		f, want float64
		above   int
	}{{0.1, 9.1, 1}, {0.25, 7.75, 3}, {0.3, 7.3, 3}} {
		thr, err := ContaminationThreshold(scores, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(thr-tc.want) > 1e-12 {
			t.Errorf("contamination %v: threshold %v, want %v", tc.f, thr, tc.want)
		}
		n := 0
		for _, s := range scores {
			if s > thr {
				n++
			}
		}
		if n != tc.above {
			t.Errorf("contamination %v: %d scores above, want %d", tc.f, n, tc.above)
		}
	}
	for _, bad := range []float64{0, 0.5, -0.1, 0.7, math.NaN()} {
		if _, err := ContaminationThreshold(scores, bad); err == nil {
			t.Errorf("contamination %v passes", bad)
		}
	}
}

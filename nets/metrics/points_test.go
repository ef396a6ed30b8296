package metrics

import (
	"math"
	"slices"
	"testing"
)

// TestPointScores works the rules out by hand on a series of 7 points
// and 3 windows of 3 points, starting at 0, 1 and 3, scored 1, 4 and 2:
//
//	point:            0   1     2     3     4   5   6
//	windows over it:  0   0,1   0,1   1,3   3   3   none
//	all (least):      1   1     1     2     2   2   0
//	mean:             1   2.5   2.5   3     2   2   0
//	max:              1   4     4     4     2   2   0
func TestPointScores(t *testing.T) {
	scores, starts := []float64{1, 4, 2}, []int{0, 1, 3}
	for _, tc := range []struct {
		rule string
		want []float64
	}{
		{"all", []float64{1, 1, 1, 2, 2, 2, 0}},
		{"mean", []float64{1, 2.5, 2.5, 3, 2, 2, 0}},
		{"max", []float64{1, 4, 4, 4, 2, 2, 0}},
	} {
		got, covered, err := PointScores(scores, starts, 3, 7, tc.rule)
		if err != nil {
			t.Fatal(err)
		}
		for p := range tc.want {
			if math.Abs(got[p]-tc.want[p]) > 1e-12 {
				t.Errorf("%s: point %d: %g, want %g (all %v)", tc.rule, p, got[p], tc.want[p], got)
			}
		}
		if !slices.Equal(covered, []bool{true, true, true, true, true, true, false}) {
			t.Errorf("%s: covered %v", tc.rule, covered)
		}
	}
	for _, bad := range []struct {
		rule   string
		starts []int
	}{{"median", starts}, {"all", []int{0, 1, 5}}, {"all", []int{0}}} {
		if _, _, err := PointScores(scores, bad.starts, 3, 7, bad.rule); err == nil {
			t.Errorf("rule %q, starts %v: no error", bad.rule, bad.starts)
		}
	}
}

package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Threshold returns the anomaly threshold of kind computed from the scores
// of normal (training) samples: "pNN" the NN-th percentile (p99 the 99th,
// p99.9 also works; linear interpolation between order statistics, as
// NumPy's percentile), "max" the largest score (the rule of the Keras
// time-series anomaly example), or a number, taken as it is. A score above
// the threshold is an anomaly.
func Threshold(kind string, trainScores []float64) (float64, error) {
	if v, err := strconv.ParseFloat(kind, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("metrics: threshold %q is not a finite number", kind)
		}
		return v, nil
	}
	var q float64
	switch {
	case kind == "max":
		q = 100
	case strings.HasPrefix(kind, "p"):
		v, err := strconv.ParseFloat(kind[1:], 64)
		if err != nil || !(v >= 0 && v <= 100) {
			return 0, fmt.Errorf("metrics: threshold %q: want a percentile p0 to p100, such as p99", kind)
		}
		q = v
	default:
		return 0, fmt.Errorf("metrics: threshold %q: want pNN (a percentile, such as p99), max or a number", kind)
	}
	if len(trainScores) == 0 {
		return 0, fmt.Errorf("metrics: threshold %s: no training scores", kind)
	}
	s := slices.Clone(trainScores)
	for i, v := range s {
		if math.IsNaN(v) {
			return 0, fmt.Errorf("metrics: threshold %s: training score %d is NaN", kind, i)
		}
	}
	slices.Sort(s)
	pos := q / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	if lo >= len(s)-1 {
		return s[len(s)-1], nil
	}
	frac := pos - float64(lo)
	return s[lo] + frac*(s[lo+1]-s[lo]), nil
}

package metrics

import (
	"fmt"
	"math"
	"strings"
)

// A point rule turns the scores of the windows that cover a point of a
// series into the point's score; the point is an anomaly when its score
// is above the threshold.
type pointRule struct {
	name, doc string
	// start is the score of a point before any window; fold adds the
	// score s of the k-th window (from 1) covering it.
	start float64
	fold  func(acc, s float64, k int) float64
}

// pointRules are the rules PointScores knows: keras.io's "every window
// covering the point is anomalous" is the least of their scores above
// the threshold.
var pointRules = []pointRule{
	{"all", "every window covering the point is over the threshold (keras.io's rule): the least of their scores", math.Inf(1),
		func(acc, s float64, _ int) float64 { return math.Min(acc, s) }},
	{"mean", "the mean of the scores of the windows covering the point", 0,
		func(acc, s float64, k int) float64 { return acc + (s-acc)/float64(k) }},
	{"max", "the largest score of the windows covering the point", math.Inf(-1),
		func(acc, s float64, _ int) float64 { return math.Max(acc, s) }},
}

// PointRules lists the names of the rules of PointScores, the first the
// default.
func PointRules() []string {
	names := make([]string, len(pointRules))
	for i, r := range pointRules {
		names[i] = r.name
	}
	return names
}

// PointScores returns the score of each of the n points of a series from
// the scores of its windows, window i covering the points starts[i] to
// starts[i]+window-1, by rule ("all", "mean" or "max"). covered[p] says
// whether any window covers point p; an uncovered point's score is 0.
func PointScores(scores []float64, starts []int, window, n int, rule string) (points []float64, covered []bool, err error) {
	var r *pointRule
	for i := range pointRules {
		if pointRules[i].name == rule {
			r = &pointRules[i]
		}
	}
	if r == nil {
		return nil, nil, fmt.Errorf("metrics: unknown point rule %q (want %s)", rule, strings.Join(PointRules(), ", "))
	}
	if len(scores) != len(starts) || window < 1 {
		return nil, nil, fmt.Errorf("metrics: %d scores for %d windows of %d points", len(scores), len(starts), window)
	}
	points, count := make([]float64, n), make([]int, n)
	for i := range points {
		points[i] = r.start
	}
	for i, s := range scores {
		if starts[i] < 0 || starts[i]+window > n {
			return nil, nil, fmt.Errorf("metrics: window %d covers points %d to %d of a series of %d", i, starts[i], starts[i]+window-1, n)
		}
		for p := starts[i]; p < starts[i]+window; p++ {
			count[p]++
			points[p] = r.fold(points[p], s, count[p])
		}
	}
	covered = make([]bool, n)
	for p, k := range count {
		if covered[p] = k > 0; !covered[p] {
			points[p] = 0
		}
	}
	return points, covered, nil
}

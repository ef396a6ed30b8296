package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// ErrOneClass is returned by the ranking measures when the samples hold
// no positive or no negative.
var ErrOneClass = errors.New("metrics: the samples hold only one class")

// checkRanking checks the arguments of the ranking measures.
func checkRanking(scores []float64, positive []bool) error {
	if len(scores) != len(positive) {
		return fmt.Errorf("metrics: %d scores and %d labels", len(scores), len(positive))
	}
	for i, s := range scores {
		if math.IsNaN(s) {
			return fmt.Errorf("metrics: score %d is NaN", i)
		}
	}
	pos := positives(positive)
	if pos == 0 || pos == len(positive) {
		return ErrOneClass
	}
	return nil
}

// ROCAUC returns the area under the ROC curve of scores that should be
// higher for the positive samples (the anomalies): the probability that a
// random positive scores above a random negative, ties counting one half
// (the Mann-Whitney U statistic from average ranks, as scikit-learn's
// roc_auc_score). It returns NaN and ErrOneClass when either class is
// missing.
func ROCAUC(scores []float64, positive []bool) (float64, error) {
	if err := checkRanking(scores, positive); err != nil {
		return math.NaN(), err
	}
	idx := order(scores)
	var rankSum float64 // of the positives, ranks from 1, ties averaged
	var npos int
	eachTie(scores, idx, func(i, j int) {
		avg := float64(i+1+j) / 2 // mean of ranks i+1..j
		for _, k := range idx[i:j] {
			if positive[k] {
				rankSum += avg
				npos++
			}
		}
	})
	nneg := len(scores) - npos
	u := rankSum - float64(npos)*float64(npos+1)/2
	return u / (float64(npos) * float64(nneg)), nil
}

// AveragePrecision returns the average precision of scores that should be
// higher for the positive samples: Σ (R_k − R_{k−1}) P_k over the distinct
// scores taken as thresholds from the highest down, R and P the recall and
// precision of calling positive every sample scoring at least the
// threshold (scikit-learn's average_precision_score; tied samples enter
// together). It returns NaN and ErrOneClass when either class is missing.
func AveragePrecision(scores []float64, positive []bool) (float64, error) {
	if err := checkRanking(scores, positive); err != nil {
		return math.NaN(), err
	}
	idx := descending(scores)
	npos := positives(positive)
	var ap, recall float64
	tp := 0
	eachTie(scores, idx, func(i, j int) {
		for _, k := range idx[i:j] {
			if positive[k] {
				tp++
			}
		}
		r := float64(tp) / float64(npos)
		ap += (r - recall) * float64(tp) / float64(j) // j samples called positive
		recall = r
	})
	return ap, nil
}

// ROCCurve returns the false and true positive rates of every distinct
// score taken as threshold, from (0, 0) to (1, 1), for a picture.
func ROCCurve(scores []float64, positive []bool) (fpr, tpr []float64, err error) {
	if err := checkRanking(scores, positive); err != nil {
		return nil, nil, err
	}
	idx := descending(scores)
	npos := positives(positive)
	nneg := len(scores) - npos
	fpr, tpr = []float64{0}, []float64{0}
	tp, fp := 0, 0
	eachTie(scores, idx, func(i, j int) {
		for _, k := range idx[i:j] {
			if positive[k] {
				tp++
			} else {
				fp++
			}
		}
		fpr = append(fpr, float64(fp)/float64(nneg))
		tpr = append(tpr, float64(tp)/float64(npos))
	})
	return fpr, tpr, nil
}

// order returns the indices of scores sorted by ascending score.
func order(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	return idx
}

// descending returns the indices of scores sorted by descending score,
// tied scores in reverse index order.
func descending(scores []float64) []int {
	idx := order(scores)
	slices.Reverse(idx)
	return idx
}

// eachTie calls f with the bounds [i, j) of each run of idx whose scores
// are equal, in order.
func eachTie(scores []float64, idx []int, f func(i, j int)) {
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		f(i, j)
		i = j
	}
}

// positives returns how many samples are positive.
func positives(positive []bool) int {
	n := 0
	for _, p := range positive {
		if p {
			n++
		}
	}
	return n
}

package nets

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// AnomalyScores returns the anomaly score of each sample of x (rows of
// the net's input, in its scaled units): SampleScores of its
// reconstruction under the net's loss. A score is a finite number ≥ 0,
// 0 only for a perfect reconstruction, and grows as a sample moves away
// from what the net reconstructs: an anomaly, for a net trained on normal
// samples only. Penalties (L1, KL) are not part of the score. A score that
// is not finite (a value of x that is not) is a *ScoreError naming the
// row.
func (a *Autoencoder) AnomalyScores(x []float32) ([]float64, error) {
	r, err := a.Reconstruct(x)
	if err != nil {
		return nil, err
	}
	return SampleScores(x, r, size(a.plan.spec.Input), a.plan.spec.LossName())
}

// SampleScores returns the anomaly score of each reconstruction against
// its original, both rows of size values: the mean per value of
// FeatureScores.
func SampleScores(orig, recon []float32, size int, loss string) ([]float64, error) {
	if size <= 0 || len(orig) != len(recon) || len(orig)%size != 0 {
		return nil, fmt.Errorf("nets: %d originals and %d reconstructions are not whole rows of %d values", len(orig), len(recon), size)
	}
	per, err := valueScore(loss)
	if err != nil {
		return nil, err
	}
	scores := make([]float64, len(orig)/size)
	for i := range scores {
		var s float64
		for j := i * size; j < (i+1)*size; j++ {
			s += per(float64(orig[j]), float64(recon[j]))
		}
		scores[i] = s / float64(size)
		if math.IsNaN(scores[i]) || math.IsInf(scores[i], 0) {
			return nil, &ScoreError{Row: i, Score: scores[i]}
		}
	}
	return scores, nil
}

// FeatureScores returns the anomaly score of every value of recon against
// orig, the terms whose means SampleScores returns. For an mse net it is
// the squared error. For a bce net it is the binary cross-entropy less its
// least value for the target (the Kullback-Leibler divergence of the
// reconstruction from the target, as Bernoulli probabilities clipped to
// [1e-7, 1-1e-7] as Keras clips them): ≥ 0, and 0 when the reconstruction
// equals the target. The cross-entropy itself is not a score: it counts
// the target's own entropy, so that a perfect reconstruction of a grey
// value scores above a poor one of a black value, and it falls without
// bound as a target above 1 grows. A target outside [0, 1], which no
// probability reaches, scores the divergence from its nearest bound plus
// its squared distance to that bound, so that its score grows with its
// distance from the range.
func FeatureScores(orig, recon []float32, loss string) ([]float64, error) {
	if len(orig) != len(recon) {
		return nil, fmt.Errorf("nets: %d originals and %d reconstructions", len(orig), len(recon))
	}
	per, err := valueScore(loss)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(orig))
	for i, y := range orig {
		out[i] = per(float64(y), float64(recon[i]))
	}
	return out, nil
}

// ScoreError is an anomaly score that cannot be right: not a finite
// number.
type ScoreError struct {
	Row   int // of the rows scored
	Score float64
}

func (e *ScoreError) Error() string {
	return fmt.Sprintf("nets: row %d scores %v, not a finite score (a value that is not finite?)", e.Row, e.Score)
}

// valueScore returns the anomaly score of one value y reconstructed as r
// (FeatureScores).
func valueScore(loss string) (func(y, r float64) float64, error) {
	switch loss {
	case "bce", "":
		return bceExcess, nil
	case "mse":
		return func(y, r float64) float64 { d := r - y; return d * d }, nil
	}
	return nil, fmt.Errorf("nets: unknown loss %q; want %s", loss, strings.Join(Losses, " or "))
}

// bceExcess is the binary cross-entropy of target y and reconstruction r
// less its least value for y, plus the squared distance of a y outside
// [0, 1] to the interval.
func bceExcess(y, r float64) float64 {
	c := min(max(y, 0), 1) // the nearest target a probability can match
	p := min(max(r, bceEpsilon), 1-bceEpsilon)
	q := min(max(c, bceEpsilon), 1-bceEpsilon) // where the cross-entropy is least
	kl := c*math.Log(q/p) + (1-c)*math.Log((1-q)/(1-p))
	return max(kl, 0) + (y-c)*(y-c)
}

// SampleLosses returns the loss ("bce" or "mse") of each reconstruction
// against its original, both rows of size values, as the mean per value.
// The mean of the bce losses of equal-sized rows is ScoreReconstructions'
// BCE, and likewise for mse. A loss is no anomaly score (SampleScores is):
// a bce loss counts the target's entropy and is negative for targets
// above 1.
func SampleLosses(orig, recon []float32, size int, loss string) ([]float64, error) {
	if size <= 0 || len(orig) != len(recon) || len(orig)%size != 0 {
		return nil, fmt.Errorf("nets: %d originals and %d reconstructions are not whole rows of %d values", len(orig), len(recon), size)
	}
	per, err := valueLoss(loss)
	if err != nil {
		return nil, err
	}
	scores := make([]float64, len(orig)/size)
	for i := range scores {
		var s float64
		for j := i * size; j < (i+1)*size; j++ {
			s += per(float64(orig[j]), float64(recon[j]))
		}
		scores[i] = s / float64(size)
	}
	return scores, nil
}

// FeatureLosses returns the loss of every value of recon against orig: the
// terms whose means SampleLosses returns.
func FeatureLosses(orig, recon []float32, loss string) ([]float64, error) {
	if len(orig) != len(recon) {
		return nil, fmt.Errorf("nets: %d originals and %d reconstructions", len(orig), len(recon))
	}
	per, err := valueLoss(loss)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(orig))
	for i, y := range orig {
		out[i] = per(float64(y), float64(recon[i]))
	}
	return out, nil
}

// valueLoss returns the loss of one value y reconstructed as r.
func valueLoss(loss string) (func(y, r float64) float64, error) {
	switch loss {
	case "bce", "":
		return func(y, r float64) float64 {
			p := min(max(r, bceEpsilon), 1-bceEpsilon)
			return -(y*math.Log(p) + (1-y)*math.Log(1-p))
		}, nil
	case "mse":
		return func(y, r float64) float64 { d := r - y; return d * d }, nil
	}
	return nil, fmt.Errorf("nets: unknown loss %q; want %s", loss, strings.Join(Losses, " or "))
}

// ErrOneClass is returned by the ranking measures when the samples hold
// no positive or no negative.
var ErrOneClass = errors.New("nets: the samples hold only one class")

// checkRanking checks the arguments of the ranking measures.
func checkRanking(scores []float64, positive []bool) error {
	if len(scores) != len(positive) {
		return fmt.Errorf("nets: %d scores and %d labels", len(scores), len(positive))
	}
	for i, s := range scores {
		if math.IsNaN(s) {
			return fmt.Errorf("nets: score %d is NaN", i)
		}
	}
	pos := 0
	for _, p := range positive {
		if p {
			pos++
		}
	}
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
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+1+j) / 2 // mean of ranks i+1..j
		for _, k := range idx[i:j] {
			if positive[k] {
				rankSum += avg
				npos++
			}
		}
		i = j
	}
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
	idx := order(scores)
	slices.Reverse(idx)
	npos := 0
	for _, p := range positive {
		if p {
			npos++
		}
	}
	var ap, recall float64
	tp, seen := 0, 0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			if positive[idx[j]] {
				tp++
			}
			j++
		}
		seen = j
		r := float64(tp) / float64(npos)
		ap += (r - recall) * float64(tp) / float64(seen)
		recall = r
		i = j
	}
	return ap, nil
}

// ROCCurve returns the false and true positive rates of every distinct
// score taken as threshold, from (0, 0) to (1, 1), for a picture.
func ROCCurve(scores []float64, positive []bool) (fpr, tpr []float64, err error) {
	if err := checkRanking(scores, positive); err != nil {
		return nil, nil, err
	}
	idx := order(scores)
	slices.Reverse(idx)
	npos := 0
	for _, p := range positive {
		if p {
			npos++
		}
	}
	nneg := len(scores) - npos
	fpr, tpr = []float64{0}, []float64{0}
	tp, fp := 0, 0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			if positive[idx[j]] {
				tp++
			} else {
				fp++
			}
			j++
		}
		fpr = append(fpr, float64(fp)/float64(nneg))
		tpr = append(tpr, float64(tp)/float64(npos))
		i = j
	}
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

// Threshold returns the anomaly threshold of kind computed from the scores
// of normal (training) samples: "pNN" the NN-th percentile (p99 the 99th,
// p99.9 also works; linear interpolation between order statistics, as
// NumPy's percentile), "max" the largest score (the rule of the Keras
// time-series anomaly example), or a number, taken as it is. A score above
// the threshold is an anomaly.
func Threshold(kind string, trainScores []float64) (float64, error) {
	if v, err := strconv.ParseFloat(kind, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("nets: threshold %q is not a finite number", kind)
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
			return 0, fmt.Errorf("nets: threshold %q: want a percentile p0 to p100, such as p99", kind)
		}
		q = v
	default:
		return 0, fmt.Errorf("nets: threshold %q: want pNN (a percentile, such as p99), max or a number", kind)
	}
	if len(trainScores) == 0 {
		return 0, fmt.Errorf("nets: threshold %s: no training scores", kind)
	}
	s := slices.Clone(trainScores)
	for i, v := range s {
		if math.IsNaN(v) {
			return 0, fmt.Errorf("nets: threshold %s: training score %d is NaN", kind, i)
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

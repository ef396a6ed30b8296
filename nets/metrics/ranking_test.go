package metrics_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/nets/metrics"
)

func TestROCAUCAndAveragePrecision(t *testing.T) {
	for _, c := range []struct {
		name     string
		scores   []float64
		positive []bool
		auc, ap  float64
	}{
		// scikit-learn's docstring example: roc_auc_score 0.75,
		// average_precision_score 0.8333.
		{"sklearn", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75, 5.0 / 6},
		{"perfect", []float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1, 1},
		{"reversed", []float64{4, 3, 2, 1}, []bool{false, false, true, true}, 0, (0.5*1.0/3 + 0.5*2.0/4)},
		// every score tied: AUC one half; AP the positive fraction
		{"all tied", []float64{1, 1, 1, 1}, []bool{true, false, false, false}, 0.5, 0.25},
		// pairs (pos, neg): (3, 1) win, (3, 3) tie, (2, 1) win, (2, 3) loss:
		// (1 + 0.5 + 1 + 0) / 4. AP: threshold 3 takes {3+, 3-}: R 1/2,
		// P 1/2; threshold 2 takes the other positive: R 1, P 2/3.
		{"tie across classes", []float64{3, 3, 2, 1}, []bool{true, false, true, false}, 2.5 / 4, 0.5*0.5 + 0.5*2.0/3},
	} {
		t.Run(c.name, func(t *testing.T) {
			auc, err := metrics.ROCAUC(c.scores, c.positive)
			if err != nil || math.Abs(auc-c.auc) > 1e-12 {
				t.Errorf("ROCAUC = %v, %v; want %v", auc, err, c.auc)
			}
			ap, err := metrics.AveragePrecision(c.scores, c.positive)
			if err != nil || math.Abs(ap-c.ap) > 1e-12 {
				t.Errorf("AveragePrecision = %v, %v; want %v", ap, err, c.ap)
			}
			fpr, tpr, err := metrics.ROCCurve(c.scores, c.positive)
			if err != nil {
				t.Fatal(err)
			}
			// the trapezoids under the curve are the AUC, ties included
			var area float64
			for i := 1; i < len(fpr); i++ {
				area += (fpr[i] - fpr[i-1]) * (tpr[i] + tpr[i-1]) / 2
			}
			if math.Abs(area-c.auc) > 1e-12 || fpr[len(fpr)-1] != 1 || tpr[len(tpr)-1] != 1 {
				t.Errorf("ROC curve %v %v: area %v, want %v, ending at (1, 1)", fpr, tpr, area, c.auc)
			}
		})
	}
}

// TestROCAUCPairs compares ROCAUC with the count over all pairs on random
// scores with many ties.
func TestROCAUCPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 300
	scores, pos := make([]float64, n), make([]bool, n)
	for i := range scores {
		scores[i] = float64(rng.IntN(20))
		pos[i] = rng.IntN(3) == 0
	}
	var wins float64
	var pairs int
	for i := range scores {
		for j := range scores {
			if pos[i] && !pos[j] {
				pairs++
				switch {
				case scores[i] > scores[j]:
					wins++
				case scores[i] == scores[j]:
					wins += 0.5
				}
			}
		}
	}
	auc, err := metrics.ROCAUC(scores, pos)
	if err != nil || math.Abs(auc-wins/float64(pairs)) > 1e-12 {
		t.Fatalf("ROCAUC = %v, %v; the pairs say %v", auc, err, wins/float64(pairs))
	}
}

func TestRankingErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		scores   []float64
		positive []bool
		oneClass bool
	}{
		{"no positive", []float64{1, 2}, []bool{false, false}, true},
		{"no negative", []float64{1, 2}, []bool{true, true}, true},
		{"empty", nil, nil, true},
		{"lengths", []float64{1, 2}, []bool{true}, false},
		{"NaN", []float64{1, math.NaN()}, []bool{true, false}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			auc, err := metrics.ROCAUC(c.scores, c.positive)
			if err == nil || !math.IsNaN(auc) || errors.Is(err, metrics.ErrOneClass) != c.oneClass {
				t.Errorf("ROCAUC = %v, %v", auc, err)
			}
			ap, err := metrics.AveragePrecision(c.scores, c.positive)
			if err == nil || !math.IsNaN(ap) {
				t.Errorf("AveragePrecision = %v, %v", ap, err)
			}
			if _, _, err := metrics.ROCCurve(c.scores, c.positive); err == nil {
				t.Error("ROCCurve: no error")
			}
		})
	}
}

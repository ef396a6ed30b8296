package nets_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/nets"
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
			auc, err := nets.ROCAUC(c.scores, c.positive)
			if err != nil || math.Abs(auc-c.auc) > 1e-12 {
				t.Errorf("ROCAUC = %v, %v; want %v", auc, err, c.auc)
			}
			ap, err := nets.AveragePrecision(c.scores, c.positive)
			if err != nil || math.Abs(ap-c.ap) > 1e-12 {
				t.Errorf("AveragePrecision = %v, %v; want %v", ap, err, c.ap)
			}
			fpr, tpr, err := nets.ROCCurve(c.scores, c.positive)
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
	auc, err := nets.ROCAUC(scores, pos)
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
			auc, err := nets.ROCAUC(c.scores, c.positive)
			if err == nil || !math.IsNaN(auc) || errors.Is(err, nets.ErrOneClass) != c.oneClass {
				t.Errorf("ROCAUC = %v, %v", auc, err)
			}
			ap, err := nets.AveragePrecision(c.scores, c.positive)
			if err == nil || !math.IsNaN(ap) {
				t.Errorf("AveragePrecision = %v, %v", ap, err)
			}
			if _, _, err := nets.ROCCurve(c.scores, c.positive); err == nil {
				t.Error("ROCCurve: no error")
			}
		})
	}
}

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
			got, err := nets.Threshold(c.kind, train)
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
	if _, err := nets.Threshold("p99", nil); err == nil {
		t.Error("p99 of no scores: no error")
	}
	if _, err := nets.Threshold("max", []float64{1, math.NaN()}); err == nil {
		t.Error("a NaN score: no error")
	}
}

func TestSampleLosses(t *testing.T) {
	orig := []float32{1, 0, 0.5, 0, 0, 0}
	recon := []float32{0.5, 0, 1, 0.5, 0.5, 0.5}
	bce, err := nets.SampleLosses(orig, recon, 3, "bce")
	if err != nil {
		t.Fatal(err)
	}
	want0 := (math.Log(2) - math.Log(1-1e-7) - 0.5*math.Log(1-1e-7) - 0.5*math.Log(1e-7)) / 3
	if math.Abs(bce[0]-want0) > 1e-9 || math.Abs(bce[1]-math.Log(2)) > 1e-9 {
		t.Errorf("bce %v, want [%v %v]", bce, want0, math.Log(2))
	}
	mse, err := nets.SampleLosses(orig, recon, 3, "mse")
	if err != nil || math.Abs(mse[0]-0.5/3) > 1e-9 || math.Abs(mse[1]-0.25) > 1e-9 {
		t.Errorf("mse %v, %v", mse, err)
	}
	for name, f := range map[string]func() error{
		"rows":   func() error { _, err := nets.SampleLosses(orig, recon, 4, "bce"); return err },
		"size 0": func() error { _, err := nets.SampleLosses(orig, recon, 0, "bce"); return err },
		"loss":   func() error { _, err := nets.SampleLosses(orig, recon, 3, "hinge"); return err },
		"length": func() error { _, err := nets.FeatureLosses(orig, recon[:3], "mse"); return err },
	} {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestAnomalyScores checks that the per-sample scores of a net average to
// Evaluate's score under its loss less the least loss of the targets (0
// for mse; for bce the cross-entropy of each target with itself, clipped),
// for a bce and an mse net.
func TestAnomalyScores(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float32, 300*784) // more than one inference chunk
	for i := range x {
		x[i] = rng.Float32()
	}
	for _, arch := range []string{"dense", "conv"} {
		t.Run(arch, func(t *testing.T) {
			a, err := nets.NewSeed(nets.Config{Arch: arch})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			scores, err := a.AnomalyScores(x)
			if err != nil {
				t.Fatal(err)
			}
			if len(scores) != 300 {
				t.Fatalf("%d scores for 300 samples", len(scores))
			}
			ev, err := a.Evaluate(x)
			if err != nil {
				t.Fatal(err)
			}
			want := ev.BCE
			if a.Spec().LossName() == "mse" {
				want = ev.MSE
			} else {
				for _, v := range x {
					y := float64(v)
					q := min(max(y, 1e-7), 1-1e-7)
					want += (y*math.Log(q) + (1-y)*math.Log(1-q)) / float64(len(x))
				}
			}
			var mean float64
			for _, s := range scores {
				mean += s
			}
			mean /= float64(len(scores))
			if math.Abs(mean-want) > 1e-9*math.Max(1, want) {
				t.Errorf("mean score %v, Evaluate %v", mean, want)
			}
			// a sample alone scores what it scores among others
			one, err := a.AnomalyScores(x[17*784 : 18*784])
			if err != nil || math.Abs(one[0]-scores[17]) > 1e-6*scores[17] {
				t.Errorf("sample 17 alone %v (%v), among others %v", one, err, scores[17])
			}
			if _, err := a.AnomalyScores(x[:783]); err == nil {
				t.Error("a partial row: no error")
			}
		})
	}
}

package nets_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

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

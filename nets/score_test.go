package nets_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// smallNet is a bce or mse net of 4 inputs, untrained.
func smallNet(t *testing.T, loss string) *nets.Autoencoder {
	t.Helper()
	out := graph.Sigmoid
	if loss == "mse" {
		out = graph.Linear
	}
	s := nets.Spec{Encoder: []nets.Layer{nets.Dense(3, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, out)}, Loss: graph.Loss(loss), Seed: 3}
	s, err := s.ForData([]int{4})
	if err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// TestAnomalyScoresGrowOutOfRange: a value far above the data's range
// scores higher, not lower (a bce score used to be a cross-entropy, which
// falls without bound as a target above 1 grows), and every score is a
// finite number ≥ 0.
func TestAnomalyScoresGrowOutOfRange(t *testing.T) {
	base := []float32{0.2, 0.4, 0.6, 0.8}
	var x []float32
	for _, v := range []float32{0.2, 2, 1e6, 3e38} { // the first value of each row
		x = append(x, v)
		x = append(x, base[1:]...)
	}
	x = append(x, -1e6, 0.4, 0.6, 0.8)
	for _, loss := range nets.Losses {
		t.Run(loss, func(t *testing.T) {
			scores, err := smallNet(t, loss).AnomalyScores(x)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range scores {
				if !(s >= 0) || math.IsInf(s, 0) {
					t.Errorf("row %d scores %v", i, s)
				}
			}
			if !(scores[0] < scores[1] && scores[1] < scores[2] && scores[2] < scores[3]) {
				t.Errorf("scores %v do not grow as the first value goes from 0.2 to 2, 1e6, 3e38", scores[:4])
			}
			if !(scores[4] > scores[1]) {
				t.Errorf("-1e6 scores %v, below 2's %v", scores[4], scores[1])
			}
		})
	}
}

// TestSampleScores checks the scores of a bce and an mse net against
// their definitions, and that a non-finite score is an error naming the
// row.
func TestSampleScores(t *testing.T) {
	const eps = 1e-7
	orig := []float32{1, 0, 0.5, 0, 0, 0, 2, -3, 0.25}
	recon := []float32{0.5, 0, 1, 0.5, 0.5, 0.5, 1, 0, 0.25}
	bce, err := nets.SampleScores(orig, recon, 3, "bce")
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{
		(math.Log(2*(1-eps)) + 0 + 0.5*math.Log(0.5/(1-eps)) + 0.5*math.Log(0.5/eps)) / 3,
		math.Log(2 * (1 - eps)),
		(1 + 9 + 0) / 3.0, // beyond [0, 1]: the squared distance to it, matched at the bound
	}
	for i := range want {
		if math.Abs(bce[i]-want[i]) > 1e-9 {
			t.Errorf("bce row %d: %v, want %v", i, bce[i], want[i])
		}
	}
	mse, err := nets.SampleScores(orig, recon, 3, "mse")
	if err != nil || math.Abs(mse[0]-0.5/3) > 1e-12 || math.Abs(mse[1]-0.25) > 1e-12 || math.Abs(mse[2]-10.0/3) > 1e-12 {
		t.Errorf("mse %v, %v", mse, err)
	}
	// 0 for a perfect reconstruction, and only then
	x := []float32{0, 1, 0.5, 0.001, 0.999, 0.3}
	for _, loss := range nets.Losses {
		s, err := nets.SampleScores(x, x, 3, loss)
		if err != nil || s[0] != 0 || s[1] != 0 {
			t.Errorf("%s: a perfect reconstruction scores %v, %v", loss, s, err)
		}
		near := []float32{0, 1, 0.5, 0.001, 0.999, 0.31}
		if s, _ := nets.SampleScores(x, near, 3, loss); !(s[1] > 0) {
			t.Errorf("%s: an imperfect reconstruction scores %v", loss, s[1])
		}
	}
	for _, loss := range nets.Losses {
		bad := []float32{0, 0, 0, 0, float32(math.Inf(1)), 0}
		_, err := nets.SampleScores(bad, make([]float32, 6), 3, loss)
		var se *nets.ScoreError
		if !errors.As(err, &se) || se.Row != 1 || !strings.Contains(err.Error(), "row 1") {
			t.Errorf("%s: an infinite value: %v; want a ScoreError naming row 1", loss, err)
		}
	}
	for name, f := range map[string]func() error{
		"rows":   func() error { _, err := nets.SampleScores(orig, recon, 4, "bce"); return err },
		"size 0": func() error { _, err := nets.SampleScores(orig, recon, 0, "bce"); return err },
		"loss":   func() error { _, err := nets.SampleScores(orig, recon, 3, "hinge"); return err },
		"length": func() error { _, err := nets.FeatureScores(orig, recon[:3], "mse"); return err },
	} {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

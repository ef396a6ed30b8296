package cli

import (
	"math"
	"testing"

	"github.com/go-autoencoders/ae/train"
)

// TestTermSeries checks that the history's terms become one series per
// name, with NaN where an epoch lacks the term.
func TestTermSeries(t *testing.T) {
	h := &train.History{Epochs: []train.EpochLogs{
		{Epoch: 1, Terms: []train.Term{{Name: "reconstruction", Value: 3, Val: 2.5}, {Name: "kl", Value: 1, Val: math.NaN()}}},
		{Epoch: 2},
		{Epoch: 3, Terms: []train.Term{{Name: "kl", Value: 0.5, Val: 0.25}, {Name: "reconstruction", Value: 2, Val: 1.5}}},
	}}
	got := TermSeries(h)
	if len(got) != 2 || got[0].Name != "reconstruction" || got[1].Name != "kl" {
		t.Fatalf("series %+v, want reconstruction and kl", got)
	}
	nan := math.NaN()
	for i, want := range [][2][]float64{
		{{3, nan, 2}, {2.5, nan, 1.5}},
		{{1, nan, 0.5}, {nan, nan, 0.25}},
	} {
		for e := 0; e < 3; e++ {
			if !sameFloat(got[i].Train[e], want[0][e]) || !sameFloat(got[i].Val[e], want[1][e]) {
				t.Errorf("%s, epoch %d: %v / %v, want %v / %v", got[i].Name, e+1, got[i].Train[e], got[i].Val[e], want[0][e], want[1][e])
			}
		}
	}
	if s := TermSeries(&train.History{Epochs: []train.EpochLogs{{Epoch: 1, Loss: 0.2}}}); s != nil {
		t.Errorf("a loss of no terms gave %+v", s)
	}
}

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

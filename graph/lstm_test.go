package graph

import (
	"fmt"
	"math"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestLSTMHand checks an LSTM of 2 units over 2 steps of one channel,
// x = (1, -2), against values worked out by hand from PyTorch's
// equations. Unit 0 at step 0 (h and c start at 0): z_i = 0.5·1 + 0.1 =
// 0.6, i = σ(0.6) = 0.645656; z_g = -0.6·1 - 0.1 = -0.7, g = tanh(-0.7) =
// -0.604368; z_o = 0.1 + 0.05, o = 0.537430; c = i·g = -0.390214; h =
// o·tanh(c) = 0.537430·(-0.371551) = -0.199679. Step 1 goes on with
// U·h, f·c, and gives h = (0.0160591, -0.2381876).
func TestLSTMHand(t *testing.T) {
	w := []float32{0.5, -0.3, 0.2, 0.4, -0.6, 0.7, 0.1, -0.2}
	u := []float32{0.3, -0.1, 0.2, 0.4, -0.5, 0.1, 0.3, 0.2, 0.6, -0.4, 0.1, 0.5, -0.2, 0.3, 0.4, -0.6}
	b := []float32{0.1, 0, 0, 0.2, -0.1, 0.1, 0.05, 0}
	for _, seq := range []bool{true, false} {
		g := New(NewParams(1))
		l, err := NewLSTM(g, "lstm", 1, 2, seq)
		if err != nil {
			t.Fatal(err)
		}
		copy(g.Params().Data("lstm/w"), w)
		copy(g.Params().Data("lstm/u"), u)
		copy(g.Params().Data("lstm/b"), b)
		x := g.Input("x", 1, 1, 2)
		copy(x.Value().Data().([]float32), []float32{1, -2})
		y, err := l.Fwd(x)
		if err != nil {
			t.Fatal(err)
		}
		got := runForward(t, g, y)
		// (batch, units, steps) with sequences, else (batch, units)
		want := []float64{-0.1996791, 0.0160591, 0.1239292, -0.2381876}
		if !seq {
			want = []float64{0.0160591, -0.2381876}
		}
		for i := range want {
			if math.Abs(float64(got[i])-want[i]) > 2e-6 {
				t.Fatalf("sequences %v: output %v, want %v", seq, got, want)
			}
		}
	}
}

// TestLSTMGradient checks the gradients of the input and the weights
// through time against finite differences.
func TestLSTMGradient(t *testing.T) {
	for _, seq := range []bool{true, false} {
		t.Run(fmt.Sprint("sequences=", seq), func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": {2, 2, 4}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				l, err := NewLSTM(g, "lstm", 2, 3, seq)
				if err != nil {
					return nil, err
				}
				y, err := l.Fwd(p["x"])
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestLSTMInputShape: an LSTM refuses an image with an error naming the
// layer and the shape it wants.
func TestLSTMInputShape(t *testing.T) {
	g := New(NewParams(1))
	l, err := NewLSTM(g, "encoder/lstm0", 1, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Fwd(g.Input("x", 2, 1, 28, 28))
	if err == nil || err.Error() != `graph: LSTM "encoder/lstm0": input shape (2, 1, 28, 28), want a sequence (batch, 1, steps)` {
		t.Fatalf("error %v", err)
	}
}

package kernels

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkLSTM is one batch of lstm-ts's first layer, forward and
// backward: 128 windows of 288 steps, 64 units.
func BenchmarkLSTM(b *testing.B) { benchLSTM(b, 128, 1, true) }

// BenchmarkLSTMForward is inference through lstm-ts's second layer, one
// batch of 256 windows of 288 steps, 64 inputs and 64 units, every step's
// h out.
func BenchmarkLSTMForward(b *testing.B) { benchLSTM(b, 256, 64, false) }

// benchLSTM times an LSTM of 64 units over n windows of 288 steps of c
// channels, every step's h out, and its backward pass if backward.
func benchLSTM(b *testing.B, n, c int, backward bool) {
	const t, u = 288, 64
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(k int) []float32 {
		d := make([]float32, k)
		for i := range d {
			d[i] = float32(rng.Float64()*0.2 - 0.1)
		}
		return d
	}
	x, w, uu, bb, dy := fill(n*c*t), fill(4*u*c), fill(4*u*u), fill(4*u), fill(n*u*t)
	l := &LSTM{N: n, C: c, T: t, Units: u, Sequences: true}
	y := make([]float32, n*u*t)
	b.ReportAllocs()
	for b.Loop() {
		l.Forward(x, w, uu, bb, y)
		if backward {
			l.Backward(w, uu, dy)
		}
	}
}

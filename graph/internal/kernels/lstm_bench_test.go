package kernels

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkLSTM is one batch of lstm-ts's first layer, forward and
// backward: 128 windows of 288 steps, 64 units.
func BenchmarkLSTM(b *testing.B) { benchLSTM(b, 128, 1, true) }

// BenchmarkLSTMForward is the forward pass (Forward, which keeps every
// step for Backward) of lstm-ts's second layer, one batch of 256 windows
// of 288 steps, 64 inputs and 64 units, every step's h out.
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

// BenchmarkLSTMAutoencoder is inference (Infer) through lstm-ts's two LSTM
// layers, one batch of 256 windows of 288 steps: 1 channel into 64 units,
// the last h, repeated over the steps into 64 units, every step's h out;
// /forward runs Forward instead, which keeps every step for Backward.
func BenchmarkLSTMAutoencoder(b *testing.B) {
	b.Run("infer", func(b *testing.B) { benchLSTMAutoencoder(b, (*LSTM).Infer) })
	b.Run("forward", func(b *testing.B) { benchLSTMAutoencoder(b, (*LSTM).Forward) })
}

// benchLSTMAutoencoder times lstm-ts's two LSTM layers, each run by run.
func benchLSTMAutoencoder(b *testing.B, run func(l *LSTM, x, w, u, bias, y []float32)) {
	const n, t, u = 256, 288, 64
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(k int) []float32 {
		d := make([]float32, k)
		for i := range d {
			d[i] = float32(rng.Float64()*0.2 - 0.1)
		}
		return d
	}
	x := fill(n * t)
	enc := &LSTM{N: n, C: 1, T: t, Units: u}
	dec := &LSTM{N: n, C: u, T: t, Units: u, Sequences: true}
	ew, eu, eb, dw, du, db := fill(4*u), fill(4*u*u), fill(4*u), fill(4*u*u), fill(4*u*u), fill(4*u)
	code, rep, y := make([]float32, n*u), make([]float32, n*u*t), make([]float32, n*u*t)
	b.ReportAllocs()
	for b.Loop() {
		run(enc, x, ew, eu, eb, code)
		for i, v := range code {
			row := rep[i*t : (i+1)*t]
			for k := range row {
				row[k] = v
			}
		}
		run(dec, rep, dw, du, db, y)
	}
}

package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// recurrent is a recurrent kernel as the tests drive it: the forward
// pass on x with the weights ws, the backward pass, and the gradients
// (input, then each weight).
type recurrent struct {
	name  string
	sizes func(c, u int) [][]int // the weights' sizes
	make  func(n, c, t, u int, seq bool) (fwd func(x []float32, ws [][]float32, y []float32), bwd func(ws [][]float32, dy []float32), grads func() [][]float32)
}

var recurrents = []recurrent{
	{"LSTM", func(c, u int) [][]int { return [][]int{{4 * u * c}, {4 * u * u}, {4 * u}} },
		func(n, c, t, u int, seq bool) (func([]float32, [][]float32, []float32), func([][]float32, []float32), func() [][]float32) {
			l := &LSTM{N: n, C: c, T: t, Units: u, Sequences: seq}
			return func(x []float32, ws [][]float32, y []float32) { l.Forward(x, ws[0], ws[1], ws[2], y) },
				func(ws [][]float32, dy []float32) { l.Backward(ws[0], ws[1], dy) },
				func() [][]float32 { return [][]float32{l.DX, l.DW, l.DU, l.DB} }
		}},
	{"GRU", func(c, u int) [][]int { return [][]int{{3 * u * c}, {3 * u * u}, {3 * u}, {3 * u}} },
		func(n, c, t, u int, seq bool) (func([]float32, [][]float32, []float32), func([][]float32, []float32), func() [][]float32) {
			l := &GRU{N: n, C: c, T: t, Units: u, Sequences: seq}
			return func(x []float32, ws [][]float32, y []float32) { l.Forward(x, ws[0], ws[1], ws[2], ws[3], y) },
				func(ws [][]float32, dy []float32) { l.Backward(ws[0], ws[1], dy) },
				func() [][]float32 { return [][]float32{l.DX, l.DW, l.DU, l.DB, l.DC} }
		}},
}

// results runs a new kernel of r forward on x and backward from dy with
// the weights ws, and returns its output, then copies of its gradients.
func (r recurrent) results(n, c, steps, u int, seq bool, x []float32, ws [][]float32, dy []float32) [][]float32 {
	fwd, bwd, grads := r.make(n, c, steps, u, seq)
	y := make([]float32, len(dy))
	fwd(x, ws, y)
	bwd(ws, dy)
	res := [][]float32{y}
	for _, g := range grads() {
		res = append(res, append([]float32(nil), g...))
	}
	return res
}

// TestRecurrentGradients checks the backward pass of each recurrent
// kernel against central differences of the loss Σ y·r, on every kernel
// set this build has.
func TestRecurrentGradients(t *testing.T) {
	const n, c, steps, u = 3, 2, 5, 4
	rng := rand.New(rand.NewPCG(4, 5))
	fill := func(k int, scale float64) []float32 {
		d := make([]float32, k)
		for i := range d {
			d[i] = float32((rng.Float64()*2 - 1) * scale)
		}
		return d
	}
	for _, r := range recurrents {
		for _, seq := range []bool{true, false} {
			fwd, bwd, grads := r.make(n, c, steps, u, seq)
			out := n * u
			if seq {
				out *= steps
			}
			x, dy := fill(n*c*steps, 1), fill(out, 1)
			params := [][]float32{x}
			for _, s := range r.sizes(c, u) {
				params = append(params, fill(s[0], 0.6))
			}
			y := make([]float32, out)
			loss := func() float64 {
				fwd(params[0], params[1:], y)
				var s float64
				for i, v := range y {
					s += float64(v) * float64(dy[i])
				}
				return s
			}
			loss()
			bwd(params[1:], dy)
			got := grads()
			const h = 1e-2
			for p, vals := range params {
				for i := range vals {
					old := vals[i]
					vals[i] = old + h
					up := loss()
					vals[i] = old - h
					down := loss()
					vals[i] = old
					num := (up - down) / (2 * h)
					if math.Abs(num-float64(got[p][i])) > 2e-2*math.Max(1, math.Abs(num)) {
						t.Fatalf("%s sequences=%v: gradient %d[%d] = %v, finite difference %v", r.name, seq, p, i, got[p][i], num)
					}
				}
			}
		}
	}
}

// TestRecurrentWorkers checks that each recurrent kernel's output and
// gradients are the same, bit for bit, on one goroutine and with its batch
// split over two and three (150 windows: ranges of 64, 64 and 22).
func TestRecurrentWorkers(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	const n, c, steps, u = 150, 3, 7, 5
	rng := rand.New(rand.NewPCG(6, 7))
	fill := func(k int) []float32 { return randSlice(rng, k) }
	for _, r := range recurrents {
		for _, seq := range []bool{true, false} {
			out := n * u
			if seq {
				out *= steps
			}
			x, dy := fill(n*c*steps), fill(out)
			var ws [][]float32
			for _, s := range r.sizes(c, u) {
				ws = append(ws, fill(s[0]))
			}
			run := func(workers int) [][]float32 {
				SetWorkers(workers)
				return r.results(n, c, steps, u, seq, x, ws, dy)
			}
			want := run(1)
			for _, workers := range []int{2, 3} {
				for i, got := range run(workers) {
					for k := range got {
						if math.Float32bits(got[k]) != math.Float32bits(want[i][k]) {
							t.Fatalf("%s sequences=%v, %d workers: result %d[%d] = %v, one worker %v", r.name, seq, workers, i, k, got[k], want[i][k])
						}
					}
				}
			}
		}
	}
}

// TestRecurrentRepeatedInput checks that a recurrent kernel given the same
// input at every step (a RepeatVector's output) gives, through the
// shortcut of stepInputs, the output and gradients of the full input
// products, bit for bit.
func TestRecurrentRepeatedInput(t *testing.T) {
	defer func() { repeatedInputs = true }()
	const n, c, steps, u = 70, 3, 6, 5
	rng := rand.New(rand.NewPCG(8, 9))
	fill := func(k int) []float32 { return randSlice(rng, k) }
	x := make([]float32, n*c*steps)
	for i, v := range fill(n * c) { // (n, c) repeated over the steps
		for s := range steps {
			x[i*steps+s] = v
		}
	}
	if !sameSteps(x, steps) {
		t.Fatal("sameSteps: a repeated input is not seen as one")
	}
	if sameSteps(fill(n*c*steps), steps) {
		t.Fatal("sameSteps: a random input is seen as repeated")
	}
	for _, r := range recurrents {
		dy := fill(n * u * steps)
		var ws [][]float32
		for _, s := range r.sizes(c, u) {
			ws = append(ws, fill(s[0]))
		}
		run := func(shortcut bool) [][]float32 {
			repeatedInputs = shortcut
			return r.results(n, c, steps, u, true, x, ws, dy)
		}
		want, got := run(false), run(true)
		for i := range got {
			for k := range got[i] {
				if math.Float32bits(got[i][k]) != math.Float32bits(want[i][k]) {
					t.Fatalf("%s: result %d[%d] = %v with the shortcut, %v without", r.name, i, k, got[i][k], want[i][k])
				}
			}
		}
	}
}

// TestLSTMInfer checks Infer against Forward, with every step's h out and
// the last's, on 1 to 3 workers: bit for bit for an input that repeats
// (the same products in the same order), within float32 rounding for one
// that does not, whose input and bias join h's product. One layer runs
// them all, in turn with Forward and its Backward, which panics right
// after Infer.
func TestLSTMInfer(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	for _, steps := range []int{7, 2*outBlock + 5} { // a part of one block of outputs; two and a part
		testLSTMInfer(t, steps)
	}
}

func testLSTMInfer(t *testing.T, steps int) {
	const n, c, u = 150, 3, 5
	rng := rand.New(rand.NewPCG(10, 11))
	fill := func(k int) []float32 { return randSlice(rng, k) }
	w, uu, b := fill(4*u*c), fill(4*u*u), fill(4*u)
	random := fill(n * c * steps)
	repeated := make([]float32, n*c*steps)
	for i, v := range fill(n * c) {
		for s := range steps {
			repeated[i*steps+s] = v
		}
	}
	for _, in := range []struct {
		name  string
		x     []float32
		exact bool
	}{{"random", random, false}, {"repeated", repeated, true}} {
		for _, seq := range []bool{true, false} {
			out := n * u
			if seq {
				out *= steps
			}
			want := make([]float32, out)
			l := &LSTM{N: n, C: c, T: steps, Units: u, Sequences: seq}
			l.Forward(in.x, w, uu, b, want)
			for _, workers := range []int{1, 2, 3} {
				SetWorkers(workers)
				got := make([]float32, out)
				l.Infer(in.x, w, uu, b, got)
				for k := range got {
					if d := math.Abs(float64(got[k] - want[k])); in.exact && d != 0 || !(d <= 1e-6) {
						t.Fatalf("%d steps, %s input, sequences=%v, %d workers: Infer[%d] = %v, Forward's %v", steps, in.name, seq, workers, k, got[k], want[k])
					}
				}
				if !panics(func() { l.Backward(w, uu, make([]float32, out)) }) {
					t.Fatal("Backward after Infer did not panic")
				}
				l.Forward(in.x, w, uu, b, got)
				l.Backward(w, uu, make([]float32, out))
			}
		}
	}
}

// panics reports whether f panics.
func panics(f func()) (p bool) {
	defer func() { p = recover() != nil }()
	f()
	return false
}

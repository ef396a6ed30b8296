package kernels

import "math"

// LSTM is a long short-term memory layer over a whole sequence, forward
// and backward through time, with PyTorch's equations and weight layout:
//
//	i = σ(W_i x + U_i h + b_i)    f = σ(W_f x + U_f h + b_f)
//	g = tanh(W_g x + U_g h + b_g) o = σ(W_o x + U_o h + b_o)
//	c' = f·c + i·g                h' = o·tanh(c')
//
// W is (4·Units, C) and U (4·Units, Units), the gates' rows in the order
// i, f, g, o (PyTorch's weight_ih and weight_hh; ONNX orders them i, o, f,
// c); b (4·Units) is the sum of PyTorch's two biases. h and c start at
// zero. The input is (N, C, T) and the output (N, Units, T), every step's
// h, or (N, Units), the last step's.
//
// The gate products are matrix products over the whole batch, the
// sequence held units-major with the steps and the batch along the
// columns (column t·N+n): those of the input for every step at once,
// those of h one step at a time (4·Units×N by Units), and in the
// backward pass those of every step's gradients with the inputs and the
// states at once. An LSTM keeps what the forward pass computed for the
// backward pass, and is not safe for concurrent use.
type LSTM struct {
	N, C, T, Units int
	// Sequences makes the output every step's h.
	Sequences bool

	in   stepInputs
	acts []float32 // the gates after their activations: (4U, T·N)
	cs   []float32 // c of every step: (U, T·N)
	tcs  []float32 // tanh(c): (U, T·N)
	hs   []float32 // h before every step and after the last: (U, (T+1)·N)

	d              []float32 // the gates' pre-activation gradients: (4U, T·N)
	dh, dhNext, dc []float32 // (U, N)
	dx             []float32 // (C, T·N)

	scratch, joined []float32 // Infer's buffers
	packed          PackedA   // Infer's weights of h
	inferred        bool      // the last pass was Infer's, which Backward cannot follow
	// DX, DW, DU and DB are the gradients the last Backward computed.
	DX, DW, DU, DB []float32
}

// gateActs are the activations of the gates i, f, g, o.
var gateActs = [4]int{ActSigmoid, ActSigmoid, ActTanh, ActSigmoid}

func (l *LSTM) alloc() {
	if l.acts != nil {
		return
	}
	n, c, t, u := l.N, l.C, l.T, l.Units
	l.in.x, l.acts, l.cs, l.tcs = make([]float32, c*t*n), make([]float32, 4*u*t*n), make([]float32, u*t*n), make([]float32, u*t*n)
	l.hs = make([]float32, u*(t+1)*n)
}

// Forward sets y to the layer's output for x, (N, C, T), and the weights
// w, u and b.
func (l *LSTM) Forward(x, w, u, b, y []float32) {
	l.alloc()
	l.in.x = grow(l.in.x, l.C*l.T*l.N) // Infer may have used less of it
	l.inferred = false
	n, c, T, U := l.N, l.C, l.T, l.Units
	hn := (T + 1) * n
	l.in.set(x, n, c, T, 4*U, w, b, l.acts)
	for j := range U {
		clear(l.hs[j*hn : j*hn+n])
	}
	batchSplit(n, func(lo, hi int) {
		for t := range T {
			l.step(u, t, lo, hi)
		}
	})
	lstmOutput(l.hs, y, n, T, U, l.Sequences)
}

// step runs step t for the windows lo to hi of the batch: h's gate
// products, the gates' activations, c and h.
func (l *LSTM) step(u []float32, t, lo, hi int) {
	n, T, U := l.N, l.T, l.Units
	tn, hn := T*n, (T+1)*n
	act := cur().biasActPlane
	l.in.step(l.acts, 4*U, tn, n, t, lo, hi)
	Gemm(false, false, 4*U, hi-lo, U, 1, u, U, l.hs[t*n+lo:], hn, 1, l.acts[t*n+lo:], tn)
	for r := range 4 * U {
		seg := l.acts[r*tn+t*n+lo : r*tn+t*n+hi]
		act(gateActs[r/U], seg, 0, seg)
	}
	cell := cur().lstmCell
	for j := range U {
		at := j*tn + t*n
		gi, gf := l.acts[at+lo:at+hi], l.acts[U*tn+at+lo:U*tn+at+hi]
		gg, gout := l.acts[2*U*tn+at+lo:2*U*tn+at+hi], l.acts[3*U*tn+at+lo:3*U*tn+at+hi]
		var prev []float32
		if t > 0 {
			prev = l.cs[at-n+lo : at-n+hi]
		}
		cell(gi, gf, gg, gout, prev, l.cs[at+lo:at+hi], l.tcs[at+lo:at+hi], l.hs[j*hn+(t+1)*n+lo:j*hn+(t+1)*n+hi])
	}
}

// lstmCellWith returns the cell of one LSTM step in Go, with plane's tanh:
// c = gf·prev + gi·gg (gi·gg at the first step, where prev is nil),
// tc = tanh(c), h = gout·tc, for activated gates gi, gf, gg and gout.
func lstmCellWith(plane func(act int, x []float32, b float32, out []float32)) func(gi, gf, gg, gout, prev, c, tc, h []float32) {
	return func(gi, gf, gg, gout, prev, c, tc, h []float32) {
		if prev == nil {
			for k := range c {
				c[k] = gi[k] * gg[k]
			}
		} else {
			for k := range c {
				c[k] = gf[k]*prev[k] + gi[k]*gg[k]
			}
		}
		plane(ActTanh, c, 0, tc)
		for k := range h {
			h[k] = gout[k] * tc[k]
		}
	}
}

// recurrentAlign is the least share of a batch that batchSplit gives a
// goroutine, a multiple of every kernel set's GEMM panel width.
const recurrentAlign = 64

// batchSplit calls f on ranges covering the n windows of a recurrent
// layer's batch, in multiples of recurrentAlign, each range on its own
// goroutine with its kernels kept on it (Each): the steps of different
// windows do not depend on each other, so each goroutine runs its windows
// through every step without waiting for the others. Every value is
// computed as it would be on one goroutine.
func batchSplit(n int, f func(lo, hi int)) {
	blocks := (n + recurrentAlign - 1) / recurrentAlign
	parts := min(workers(), blocks)
	if parts <= 1 {
		f(0, n)
		return
	}
	Each(parts, func(i int) {
		f(i*blocks/parts*recurrentAlign, min((i+1)*blocks/parts*recurrentAlign, n))
	})
}

// stepInputs is a recurrent layer's input as columns, (C, T·N), and the
// products of the gates' input weights with it. An input that repeats over
// the steps (a RepeatVector's output) keeps only its first step's columns
// until Backward asks for the rest, and its products, (G, N), computed
// once, are copied into each step as the step runs: the same values, as
// the columns of a product do not depend on each other.
type stepInputs struct {
	x        []float32
	rep      []float32
	repeated bool // the input repeats, and rep holds its products
	filled   bool // x holds every step's columns
}

// repeatedInputs enables the shortcut for inputs that repeat; tests turn it
// off to compare.
var repeatedInputs = true

// set takes the input x, (n, c, t), and sets gates, (g, T·N), to w·x + b,
// or for an input that repeats, rep to the first step's.
func (s *stepInputs) set(x []float32, n, c, t, g int, w, b, gates []float32) {
	tn := t * n
	s.repeated = repeatedInputs && sameSteps(x, t)
	s.filled = !s.repeated
	if !s.repeated {
		toColumns(x, s.x, n, c, t)
		Gemm(false, false, g, tn, c, 1, w, c, s.x, tn, 0, gates, tn)
		BiasAct(ActLinear, g, tn, gates, b, gates)
		return
	}
	s.setRepeated(x, n, c, t, g, w, b, tn)
}

// setRepeated sets rep, (g, N), to w·x + b for the first step of x, (n,
// c, t), an input that repeats over its steps, whose columns it puts in
// x's rows of ld values.
func (s *stepInputs) setRepeated(x []float32, n, c, t, g int, w, b []float32, ld int) {
	for i := range n {
		for ch := range c {
			s.x[ch*ld+i] = x[(i*c+ch)*t]
		}
	}
	s.rep = grow(s.rep, g*n)
	Gemm(false, false, g, n, c, 1, w, c, s.x, ld, 0, s.rep, n)
	for r := range g {
		row := s.rep[r*n : (r+1)*n]
		for k := range row {
			row[k] += b[r]
		}
	}
}

// step copies a repeating input's products into columns lo to hi of step
// t of gates, (g, T·N).
func (s *stepInputs) step(gates []float32, g, tn, n, t, lo, hi int) {
	if !s.repeated {
		return
	}
	for r := range g {
		copy(gates[r*tn+t*n+lo:r*tn+t*n+hi], s.rep[r*n+lo:r*n+hi])
	}
}

// columns returns the input's columns, (c, tn), every step filled.
func (s *stepInputs) columns(c, tn, n int) []float32 {
	if !s.filled {
		for ch := range c {
			row := s.x[ch*tn : (ch+1)*tn]
			for t := n; t < tn; t += n {
				copy(row[t:t+n], row[:n])
			}
		}
		s.filled = true
	}
	return s.x
}

// sameSteps reports whether each run of t values of x holds one value,
// bit for bit.
func sameSteps(x []float32, t int) bool {
	for r := 0; r < len(x); r += t {
		v := math.Float32bits(x[r])
		for _, u := range x[r+1 : r+t] {
			if math.Float32bits(u) != v {
				return false
			}
		}
	}
	return true
}

// lstmOutput writes the output y of a recurrent layer from hs, (U,
// (T+1)·N): every step's h, (N, U, T), with sequences, else the last's,
// (N, U).
func lstmOutput(hs, y []float32, n, T, U int, sequences bool) {
	hn := (T + 1) * n
	if !sequences {
		transpose(y, U, hs[T*n:], hn, U, n)
		return
	}
	parallelFor(U, U*T*n, func(lo, hi int) {
		for j := lo; j < hi; j++ {
			transpose(y[j*T:], U*T, hs[j*hn+n:], n, T, n)
		}
	})
}

// toColumns copies x, (n, c, t), into xc, (c, t·n).
func toColumns(x, xc []float32, n, c, t int) {
	parallelFor(c, c*t*n, func(lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			transpose(xc[ch*t*n:], n, x[ch*t:], c*t, n, t)
		}
	})
}

// fromColumns copies xc, (c, t·n), into x, (n, c, t).
func fromColumns(xc, x []float32, n, c, t int) {
	parallelFor(c, c*t*n, func(lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			transpose(x[ch*t:], c*t, xc[ch*t*n:], n, t, n)
		}
	})
}

// transposeBlock is the side of the tiles transpose copies, small enough
// that a tile's rows of the source and of the destination stay in cache.
const transposeBlock = 8

// transpose sets dst[c·dstStride+r] to src[r·srcStride+c] for the rows×cols
// matrix in src, a tile at a time.
func transpose(dst []float32, dstStride int, src []float32, srcStride, rows, cols int) {
	for r0 := 0; r0 < rows; r0 += transposeBlock {
		r1 := min(r0+transposeBlock, rows)
		for c0 := 0; c0 < cols; c0 += transposeBlock {
			c1 := min(c0+transposeBlock, cols)
			for r := r0; r < r1; r++ {
				row := src[r*srcStride+c0 : r*srcStride+c1]
				for k, v := range row {
					dst[(c0+k)*dstStride+r] = v
				}
			}
		}
	}
}

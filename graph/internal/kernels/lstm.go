package kernels

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

	x    []float32 // the input: (C, T·N)
	acts []float32 // the gates after their activations: (4U, T·N)
	cs   []float32 // c of every step: (U, T·N)
	tcs  []float32 // tanh(c): (U, T·N)
	hs   []float32 // h before every step and after the last: (U, (T+1)·N)

	d              []float32 // the gates' pre-activation gradients: (4U, T·N)
	dh, dhNext, dc []float32 // (U, N)
	dx             []float32 // (C, T·N)
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
	l.x, l.acts, l.cs, l.tcs = make([]float32, c*t*n), make([]float32, 4*u*t*n), make([]float32, u*t*n), make([]float32, u*t*n)
	l.hs = make([]float32, u*(t+1)*n)
}

// Forward sets y to the layer's output for x, (N, C, T), and the weights
// w, u and b.
func (l *LSTM) Forward(x, w, u, b, y []float32) {
	l.alloc()
	n, c, T, U := l.N, l.C, l.T, l.Units
	tn, hn := T*n, (T+1)*n
	toColumns(x, l.x, n, c, T)
	Gemm(false, false, 4*U, tn, c, 1, w, c, l.x, tn, 0, l.acts, tn)
	BiasAct(ActLinear, 4*U, tn, l.acts, b, l.acts)
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
	Gemm(false, false, 4*U, hi-lo, U, 1, u, U, l.hs[t*n+lo:], hn, 1, l.acts[t*n+lo:], tn)
	for r := range 4 * U {
		seg := l.acts[r*tn+t*n+lo : r*tn+t*n+hi]
		act(gateActs[r/U], seg, 0, seg)
	}
	for j := range U {
		at := j*tn + t*n
		gi, gf := l.acts[at+lo:at+hi], l.acts[U*tn+at+lo:U*tn+at+hi]
		gg, gout := l.acts[2*U*tn+at+lo:2*U*tn+at+hi], l.acts[3*U*tn+at+lo:3*U*tn+at+hi]
		ct, tc, h := l.cs[at+lo:at+hi], l.tcs[at+lo:at+hi], l.hs[j*hn+(t+1)*n+lo:j*hn+(t+1)*n+hi]
		if t == 0 {
			for k := range ct {
				ct[k] = gi[k] * gg[k]
			}
		} else {
			prev := l.cs[at-n+lo : at-n+hi]
			for k := range ct {
				ct[k] = gf[k]*prev[k] + gi[k]*gg[k]
			}
		}
		act(ActTanh, ct, 0, tc)
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

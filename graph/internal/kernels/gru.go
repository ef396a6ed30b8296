package kernels

// GRU is a gated recurrent unit layer over a whole sequence, forward and
// backward through time, with PyTorch's equations and weight layout:
//
//	r = σ(W_r x + b_r + U_r h + c_r)   z = σ(W_z x + b_z + U_z h + c_z)
//	n = tanh(W_n x + b_n + r·(U_n h + c_n))
//	h' = (1 - z)·n + z·h
//
// W is (3·Units, C) and U (3·Units, Units), the gates' rows in the order
// r, z, n (PyTorch's weight_ih and weight_hh; ONNX's GRU orders them z,
// r, h and needs linear_before_reset=1 for these equations, Keras's
// reset_after=True); b and c (3·Units) are PyTorch's bias_ih and bias_hh.
// h starts at zero. Shapes and layout are LSTM's.
type GRU struct {
	N, C, T, Units int
	// Sequences makes the output every step's h.
	Sequences bool

	in   stepInputs
	acts []float32 // r, z and n: (3U, T·N)
	hn   []float32 // U_n h + c_n of every step: (U, T·N)
	rec  []float32 // one step's recurrent products: (3U, N)
	hs   []float32 // h before every step and after the last: (U, (T+1)·N)

	da, dr     []float32 // the gradients of the input's and h's products: (3U, T·N)
	dh, dhNext []float32 // (U, N)
	dx         []float32 // (C, T·N)
	// DX, DW, DU, DB and DC are the gradients the last Backward computed.
	DX, DW, DU, DB, DC []float32
}

func (l *GRU) alloc() {
	if l.acts != nil {
		return
	}
	n, c, t, u := l.N, l.C, l.T, l.Units
	l.in.x, l.acts, l.hn = make([]float32, c*t*n), make([]float32, 3*u*t*n), make([]float32, u*t*n)
	l.rec, l.hs = make([]float32, 3*u*n), make([]float32, u*(t+1)*n)
}

// Forward sets y to the layer's output for x, (N, C, T), and the weights
// w, u, b and c.
func (l *GRU) Forward(x, w, u, b, c, y []float32) {
	l.alloc()
	n, C, T, U := l.N, l.C, l.T, l.Units
	hn := (T + 1) * n
	l.in.set(x, n, C, T, 3*U, w, b, l.acts)
	for j := range U {
		clear(l.hs[j*hn : j*hn+n])
	}
	batchSplit(n, func(lo, hi int) {
		for t := range T {
			l.step(u, c, t, lo, hi)
		}
	})
	lstmOutput(l.hs, y, n, T, U, l.Sequences)
}

// step runs step t for the windows lo to hi of the batch: h's products,
// the gates and h.
func (l *GRU) step(u, c []float32, t, lo, hi int) {
	n, T, U := l.N, l.T, l.Units
	tn, hn := T*n, (T+1)*n
	act := cur().biasActPlane
	l.in.step(l.acts, 3*U, tn, n, t, lo, hi)
	Gemm(false, false, 3*U, hi-lo, U, 1, u, U, l.hs[t*n+lo:], hn, 0, l.rec[lo:], n)
	for r := range 3 * U {
		rec := l.rec[r*n+lo : r*n+hi]
		act(ActLinear, rec, c[r], rec)
		if r < 2*U { // r and z
			seg := l.acts[r*tn+t*n+lo : r*tn+t*n+hi]
			for k, v := range rec {
				seg[k] += v
			}
			act(ActSigmoid, seg, 0, seg)
		}
	}
	for j := range U {
		at := j*tn + t*n
		gr, gz, gn := l.acts[at+lo:at+hi], l.acts[U*tn+at+lo:U*tn+at+hi], l.acts[2*U*tn+at+lo:2*U*tn+at+hi]
		recN, keep := l.rec[(2*U+j)*n+lo:(2*U+j)*n+hi], l.hn[at+lo:at+hi]
		copy(keep, recN)
		for k := range gn {
			gn[k] += gr[k] * recN[k]
		}
		act(ActTanh, gn, 0, gn)
		prev, h := l.hs[j*hn+t*n+lo:j*hn+t*n+hi], l.hs[j*hn+(t+1)*n+lo:j*hn+(t+1)*n+hi]
		for k := range h {
			h[k] = (1-gz[k])*gn[k] + gz[k]*prev[k]
		}
	}
}

// Backward computes the gradients of the input and the weights (DX, DW,
// DU, DB, DC) for the gradient dy of the output of the last Forward, with
// the weights w and u it ran with.
func (l *GRU) Backward(w, u, dy []float32) {
	n, C, T, U := l.N, l.C, l.T, l.Units
	tn, hn := T*n, (T+1)*n
	if l.da == nil {
		l.da, l.dr = make([]float32, 3*U*tn), make([]float32, 3*U*tn)
		l.dh, l.dhNext = make([]float32, U*n), make([]float32, U*n)
		l.dx, l.DX = make([]float32, C*tn), make([]float32, n*C*T)
		l.DW, l.DU, l.DB, l.DC = make([]float32, 3*U*C), make([]float32, 3*U*U), make([]float32, 3*U), make([]float32, 3*U)
	}
	clear(l.dhNext)
	batchSplit(n, func(lo, hi int) {
		for t := T - 1; t >= 0; t-- {
			stepGrad(l.dh, l.dhNext, dy, n, T, U, t, l.Sequences, lo, hi)
			for j := range U {
				l.cellGrad(j, t, lo, hi)
			}
			// dhNext holds dh·z from cellGrad; add the recurrent products'
			Gemm(true, false, U, hi-lo, 3*U, 1, u, U, l.dr[t*n+lo:], tn, 1, l.dhNext[lo:], n)
		}
	})
	Gemm(false, true, 3*U, U, tn, 1, l.dr, tn, l.hs, hn, 0, l.DU, U)
	Gemm(false, true, 3*U, C, tn, 1, l.da, tn, l.in.columns(C, tn, n), tn, 0, l.DW, C)
	clear(l.DB)
	clear(l.DC)
	BiasGrad(3*U, tn, l.da, l.DB)
	BiasGrad(3*U, tn, l.dr, l.DC)
	Gemm(true, false, C, tn, 3*U, 1, w, C, l.da, tn, 0, l.dx, tn)
	fromColumns(l.dx, l.DX, n, C, T)
}

// cellGrad sets the products' gradients of unit j at step t from dh, and
// dhNext to the part of h's gradient at step t-1 that does not go
// through the products, for the windows lo to hi.
func (l *GRU) cellGrad(j, t, lo, hi int) {
	n, T, U := l.N, l.T, l.Units
	tn, hn := T*n, (T+1)*n
	at := j*tn + t*n
	cols := func(d []float32, off int) []float32 { return d[off+at+lo : off+at+hi] }
	gr, gz, gn := cols(l.acts, 0), cols(l.acts, U*tn), cols(l.acts, 2*U*tn)
	dar, daz, dan := cols(l.da, 0), cols(l.da, U*tn), cols(l.da, 2*U*tn)
	drr, drz, drn := cols(l.dr, 0), cols(l.dr, U*tn), cols(l.dr, 2*U*tn)
	recN, prev := cols(l.hn, 0), l.hs[j*hn+t*n+lo:j*hn+t*n+hi]
	dh, next := l.dh[j*n+lo:j*n+hi], l.dhNext[j*n+lo:j*n+hi]
	for k, g := range dh {
		dn := g * (1 - gz[k]) * (1 - gn[k]*gn[k])
		dz := g * (prev[k] - gn[k]) * gz[k] * (1 - gz[k])
		dr := dn * recN[k] * gr[k] * (1 - gr[k])
		dar[k], daz[k], dan[k] = dr, dz, dn
		drr[k], drz[k], drn[k] = dr, dz, dn*gr[k]
		next[k] = g * gz[k]
	}
}

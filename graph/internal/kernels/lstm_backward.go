package kernels

// Backward computes the gradients of the input and the weights (DX, DW,
// DU, DB) for the gradient dy of the output of the last Forward, with the
// weights w and u it ran with: back through time step by step for h and
// c, then the weights' and the input's gradients of every step in one
// matrix product each.
func (l *LSTM) Backward(w, u, dy []float32) {
	if l.inferred {
		panic("kernels: LSTM.Backward after Infer, which keeps nothing for it: run Forward")
	}
	n, c, T, U := l.N, l.C, l.T, l.Units
	tn, hn := T*n, (T+1)*n
	if l.d == nil {
		l.d = make([]float32, 4*U*tn)
		l.dh, l.dhNext, l.dc = make([]float32, U*n), make([]float32, U*n), make([]float32, U*n)
		l.dx, l.DX = make([]float32, c*tn), make([]float32, n*c*T)
		l.DW, l.DU, l.DB = make([]float32, 4*U*c), make([]float32, 4*U*U), make([]float32, 4*U)
	}
	clear(l.dhNext)
	clear(l.dc)
	batchSplit(n, func(lo, hi int) {
		for t := T - 1; t >= 0; t-- {
			stepGrad(l.dh, l.dhNext, dy, n, T, U, t, l.Sequences, lo, hi)
			for j := range U {
				l.cellGrad(j, t, lo, hi)
			}
			Gemm(true, false, U, hi-lo, 4*U, 1, u, U, l.d[t*n+lo:], tn, 0, l.dhNext[lo:], n)
		}
	})
	Gemm(false, true, 4*U, U, tn, 1, l.d, tn, l.hs, hn, 0, l.DU, U)
	Gemm(false, true, 4*U, c, tn, 1, l.d, tn, l.in.columns(c, tn, n), tn, 0, l.DW, c)
	clear(l.DB)
	BiasGrad(4*U, tn, l.d, l.DB)
	Gemm(true, false, c, tn, 4*U, 1, w, c, l.d, tn, 0, l.dx, tn)
	fromColumns(l.dx, l.DX, n, c, T)
}

// cellGrad sets the gates' pre-activation gradients of unit j at step t
// from dh, and carries the gradient of c back to step t-1, for the
// windows lo to hi.
func (l *LSTM) cellGrad(j, t, lo, hi int) {
	n, T, U := l.N, l.T, l.Units
	tn := T * n
	at := j*tn + t*n
	cols := func(off int) []float32 { return l.acts[off+at+lo : off+at+hi] }
	dcols := func(off int) []float32 { return l.d[off+at+lo : off+at+hi] }
	gi, gf, gg, gout := cols(0), cols(U*tn), cols(2*U*tn), cols(3*U*tn)
	di, df, dg, do := dcols(0), dcols(U*tn), dcols(2*U*tn), dcols(3*U*tn)
	tc, dh, dcs := l.tcs[at+lo:at+hi], l.dh[j*n+lo:j*n+hi], l.dc[j*n+lo:j*n+hi]
	var prev []float32
	if t > 0 {
		prev = l.cs[at-n+lo : at-n+hi]
	}
	for k, h := range dh {
		dc := dcs[k] + h*gout[k]*(1-tc[k]*tc[k])
		do[k] = h * tc[k] * gout[k] * (1 - gout[k])
		di[k] = dc * gg[k] * gi[k] * (1 - gi[k])
		dg[k] = dc * gi[k] * (1 - gg[k]*gg[k])
		df[k] = 0
		if prev != nil {
			df[k] = dc * prev[k] * gf[k] * (1 - gf[k])
		}
		dcs[k] = dc * gf[k]
	}
}

// stepGrad sets dh, (U, N), to the gradient of h at step t of a
// recurrent layer, for the windows lo to hi: the output's, if the step is
// in the output, plus next, what flows back from step t+1.
func stepGrad(dh, next, dy []float32, n, T, U, t int, sequences bool, lo, hi int) {
	for j := range U {
		d := dh[j*n+lo : j*n+hi]
		copy(d, next[j*n+lo:j*n+hi])
		switch {
		case sequences:
			for i := range d {
				d[i] += dy[((lo+i)*U+j)*T+t]
			}
		case t == T-1:
			for i := range d {
				d[i] += dy[(lo+i)*U+j]
			}
		}
	}
}

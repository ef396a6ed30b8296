package kernels

// Backward computes the gradients of the input and the weights (DX, DW,
// DU, DB) for the gradient dy of the output of the last Forward, with the
// weights w and u it ran with: back through time step by step for h and
// c, then the weights' gradients of every step in one matrix product each.
func (l *LSTM) Backward(w, u, dy []float32) {
	n, c, T, U := l.N, l.C, l.T, l.Units
	nu := n * U
	if l.d == nil {
		l.d = make([]float32, 4*T*nu)
		l.dh, l.dhNext, l.dc = make([]float32, nu), make([]float32, nu), make([]float32, nu)
		l.dxt, l.DX = make([]float32, T*n*c), make([]float32, n*c*T)
		l.DW, l.DU, l.DB = make([]float32, 4*U*c), make([]float32, 4*U*U), make([]float32, 4*U)
	}
	clear(l.dhNext)
	clear(l.dc)
	zero := make([]float32, nu)
	for t := T - 1; t >= 0; t-- {
		l.stepGrad(dy, t)
		gi, gf, gg, gout := l.gate(l.acts, 0, t), l.gate(l.acts, 1, t), l.gate(l.acts, 2, t), l.gate(l.acts, 3, t)
		di, df, dg, do := l.gate(l.d, 0, t), l.gate(l.d, 1, t), l.gate(l.d, 2, t), l.gate(l.d, 3, t)
		tc, prevC := l.step(l.tcs, t), zero
		if t > 0 {
			prevC = l.step(l.cs, t-1)
		}
		for j, dh := range l.dh {
			dc := l.dc[j] + dh*gout[j]*(1-tc[j]*tc[j])
			do[j] = dh * tc[j] * gout[j] * (1 - gout[j])
			di[j] = dc * gg[j] * gi[j] * (1 - gi[j])
			dg[j] = dc * gi[j] * (1 - gg[j]*gg[j])
			df[j] = dc * prevC[j] * gf[j] * (1 - gf[j])
			l.dc[j] = dc * gf[j]
		}
		for k := range 4 {
			Gemm(false, false, n, U, U, 1, l.gate(l.d, k, t), U, u[k*U*U:], U, float32(min(k, 1)), l.dhNext, U)
		}
	}
	for k := range 4 {
		dk := l.d[k*T*nu : (k+1)*T*nu]
		Gemm(true, false, U, U, T*n, 1, dk, U, l.hs[:T*nu], U, 0, l.DU[k*U*U:], U)
		Gemm(true, false, U, c, T*n, 1, dk, U, l.xt, c, 0, l.DW[k*U*c:], c)
		db := l.DB[k*U : (k+1)*U]
		clear(db)
		BiasGrad(U, 1, dk, db)
		Gemm(false, false, T*n, c, U, 1, dk, U, w[k*U*c:], c, float32(min(k, 1)), l.dxt, c)
	}
	fromTimeMajor(l.dxt, l.DX, n, c, T)
}

// stepGrad sets dh to the gradient of h at step t: the output's, if the
// step is in the output, plus what flows back from step t+1.
func (l *LSTM) stepGrad(dy []float32, t int) {
	n, T, U := l.N, l.T, l.Units
	copy(l.dh, l.dhNext)
	switch {
	case l.Sequences:
		for i := range n {
			for j := range U {
				l.dh[i*U+j] += dy[(i*U+j)*T+t]
			}
		}
	case t == T-1:
		for j, v := range dy[:n*U] {
			l.dh[j] += v
		}
	}
}

package kernels

// Infer sets y to the layer's output for x, (N, C, T), and the weights w,
// u and b, as Forward does, but keeps only one step's gates and c: for
// inference. Backward cannot follow it (it panics); Forward first. Each worker's gates, c and
// h are compact, (rows, its windows), so that a step's work stays in
// cache, and an input that does not repeat joins h in one product per
// step: [W U b] times [x_t; h; 1].
func (l *LSTM) Infer(x, w, u, b, y []float32) {
	n, c, T, U := l.N, l.C, l.T, l.Units
	l.inferred = true
	repeated := repeatedInputs && sameSteps(x, T)
	var a []float32 // [W U b], (4U, C+U+1), for an input that does not repeat
	if repeated {
		l.in.x = grow(l.in.x, c*n) // the first step's columns alone
		l.in.setRepeated(x, n, c, T, 4*U, w, b, n)
	} else {
		l.in.x = grow(l.in.x, c*T*n)
		toColumns(x, l.in.x, n, c, T)
		a = l.joinedWeights(w, u, b)
	}
	if l.Sequences {
		l.hs = grow(l.hs, U*(T+1)*n)
	}
	perWindow := 4*U + 3*U + c + U + 1 // gates, c twice, tanh c, [x; h; 1]
	l.scratch = grow(l.scratch, perWindow*n)
	hn := (T + 1) * n
	batchSplit(n, func(lo, hi int) {
		s := inferScratch(l.scratch[lo*perWindow:hi*perWindow], hi-lo, c, U)
		for t := range T {
			if repeated {
				l.inferRepeatedStep(u, s, t, lo, hi)
			} else {
				l.inferStep(a, s, t, lo, hi)
			}
			if l.Sequences {
				for j := range U {
					copy(l.hs[j*hn+(t+1)*n+lo:j*hn+(t+1)*n+hi], s.h[j*s.nb:(j+1)*s.nb])
				}
			}
		}
		if !l.Sequences {
			transpose(y[lo*U:], U, s.h, s.nb, U, s.nb)
		}
	})
	if l.Sequences {
		lstmOutput(l.hs, y, n, T, U, true)
	}
}

// lstmScratch is one worker's buffers of an LSTM's inference, each
// (rows, nb) for its nb windows.
type lstmScratch struct {
	nb          int
	gates       []float32 // (4U, nb)
	c, prev, tc []float32 // (U, nb)
	xh          []float32 // (C+U+1, nb): x_t, h, ones
	h           []float32 // xh's rows of h
}

// inferScratch carves a worker's buffers for nb windows out of buf.
func inferScratch(buf []float32, nb, c, u int) *lstmScratch {
	take := func(rows int) []float32 {
		s := buf[: rows*nb : rows*nb]
		buf = buf[rows*nb:]
		return s
	}
	s := &lstmScratch{nb: nb, gates: take(4 * u), c: take(u), prev: take(u), tc: take(u), xh: take(c + u + 1)}
	s.h = s.xh[c*nb : (c+u)*nb]
	clear(s.h)
	ones := s.xh[(c+u)*nb:]
	for k := range ones {
		ones[k] = 1
	}
	return s
}

// joinedWeights returns [W U b], (4U, C+U+1).
func (l *LSTM) joinedWeights(w, u, b []float32) []float32 {
	c, U := l.C, l.Units
	k := c + U + 1
	l.joined = grow(l.joined, 4*U*k)
	for r := range 4 * U {
		row := l.joined[r*k : (r+1)*k]
		copy(row, w[r*c:(r+1)*c])
		copy(row[c:], u[r*U:(r+1)*U])
		row[c+U] = b[r]
	}
	return l.joined
}

// inferStep runs step t for the windows lo to hi of an input that does not
// repeat: gates = [W U b]·[x_t; h; 1], then the cell.
func (l *LSTM) inferStep(a []float32, s *lstmScratch, t, lo, hi int) {
	n, c, U := l.N, l.C, l.Units
	tn := l.T * n
	for ch := range c {
		copy(s.xh[ch*s.nb:(ch+1)*s.nb], l.in.x[ch*tn+t*n+lo:ch*tn+t*n+hi])
	}
	k := c + U + 1
	Gemm(false, false, 4*U, s.nb, k, 1, a, k, s.xh, s.nb, 0, s.gates, s.nb)
	l.inferCell(s, t)
}

// inferRepeatedStep runs step t for the windows lo to hi of an input that
// repeats: gates = the input's products + U·h, then the cell.
func (l *LSTM) inferRepeatedStep(u []float32, s *lstmScratch, t, lo, hi int) {
	n, U := l.N, l.Units
	for r := range 4 * U {
		copy(s.gates[r*s.nb:(r+1)*s.nb], l.in.rep[r*n+lo:r*n+hi])
	}
	Gemm(false, false, 4*U, s.nb, U, 1, u, U, s.h, s.nb, 1, s.gates, s.nb)
	l.inferCell(s, t)
}

// inferCell activates a step's gates and runs the cell into s.h, keeping
// the last step's c in s.prev.
func (l *LSTM) inferCell(s *lstmScratch, t int) {
	g := l.Units * s.nb
	act := cur().biasActPlane
	act(ActSigmoid, s.gates[:2*g], 0, s.gates[:2*g])
	act(ActTanh, s.gates[2*g:3*g], 0, s.gates[2*g:3*g])
	act(ActSigmoid, s.gates[3*g:], 0, s.gates[3*g:])
	var prev []float32
	if t > 0 {
		prev = s.prev
	}
	cur().lstmCell(s.gates[:g], s.gates[g:2*g], s.gates[2*g:3*g], s.gates[3*g:], prev, s.c, s.tc, s.h)
	s.c, s.prev = s.prev, s.c
}

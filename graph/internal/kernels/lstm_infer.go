package kernels

// Infer sets y to the layer's output for x, (N, C, T), and the weights w,
// u and b, as Forward does, but keeps only one step's gates and c: for
// inference. Backward cannot follow it (it panics); Forward first. Each
// worker's gates, c and h are compact, (rows, its windows), so that a
// step's work stays in cache; an input that does not repeat joins h in one
// product per step, [W U b] times [x_t; h; 1]; and every step's h goes
// out in blocks of outBlock steps, a cache line of y at a time.
func (l *LSTM) Infer(x, w, u, b, y []float32) {
	n, c, T, U := l.N, l.C, l.T, l.Units
	l.inferred = true
	repeated := repeatedInputs && sameSteps(x, T)
	// h's weights, packed once for every step: U, or for an input that
	// does not repeat [W U b], (4U, C+U+1)
	if repeated {
		l.in.x = grow(l.in.x, c*n) // the first step's columns alone
		l.in.setRepeated(x, n, c, T, 4*U, w, b, n)
		l.packed.Pack(4*U, U, u, U)
	} else {
		l.in.x = grow(l.in.x, c*T*n)
		toColumns(x, l.in.x, n, c, T)
		k := c + U + 1
		l.packed.Pack(4*U, k, l.joinedWeights(w, u, b), k)
	}
	perWindow := 4*U + 3*U + c + U + 1 // gates, c twice, tanh c, [x; h; 1]
	if l.Sequences {
		perWindow += outBlock * U // h of the steps not yet out
	}
	l.scratch = grow(l.scratch, perWindow*n)
	batchSplit(n, func(lo, hi int) {
		s := inferScratch(l.scratch[lo*perWindow:hi*perWindow], hi-lo, c, U, l.Sequences)
		for t := range T {
			if repeated {
				l.inferRepeatedStep(s, t, lo, hi)
			} else {
				l.inferStep(s, t, lo, hi)
			}
			if l.Sequences {
				copy(s.hb[t%outBlock*U*s.nb:], s.h)
				if t%outBlock == outBlock-1 || t == T-1 {
					l.stepsOut(y, s, lo, t-t%outBlock, t%outBlock+1)
				}
			}
		}
		if !l.Sequences {
			transpose(y[lo*U:], U, s.h, s.nb, U, s.nb)
		}
	})
}

// outBlock is how many steps' h Infer gathers before it writes them into
// y: 16 floats, a cache line of each of y's rows.
const outBlock = 16

// stepsOut writes the h of steps t0 to t0+steps-1, gathered in s.hb, into
// y, (N, U, T), for the windows from lo.
func (l *LSTM) stepsOut(y []float32, s *lstmScratch, lo, t0, steps int) {
	U, T, nb := l.Units, l.T, s.nb
	for j := range U {
		for k := range nb {
			dst := y[((lo+k)*U+j)*T+t0 : ((lo+k)*U+j)*T+t0+steps]
			src := s.hb[j*nb+k:]
			for st := range dst {
				dst[st] = src[st*U*nb]
			}
		}
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
	hb          []float32 // (outBlock, U, nb): the h of the steps not yet out
}

// inferScratch carves a worker's buffers for nb windows out of buf, with
// room for outBlock steps' h for a layer whose output is every step's.
func inferScratch(buf []float32, nb, c, u int, sequences bool) *lstmScratch {
	take := func(rows int) []float32 {
		s := buf[: rows*nb : rows*nb]
		buf = buf[rows*nb:]
		return s
	}
	s := &lstmScratch{nb: nb, gates: take(4 * u), c: take(u), prev: take(u), tc: take(u), xh: take(c + u + 1)}
	if sequences {
		s.hb = take(outBlock * u)
	}
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
func (l *LSTM) inferStep(s *lstmScratch, t, lo, hi int) {
	n := l.N
	tn := l.T * n
	for ch := range l.C {
		copy(s.xh[ch*s.nb:(ch+1)*s.nb], l.in.x[ch*tn+t*n+lo:ch*tn+t*n+hi])
	}
	GemmPacked(&l.packed, s.nb, s.xh, s.nb, 0, s.gates, s.nb)
	l.inferCell(s, t)
}

// inferRepeatedStep runs step t for the windows lo to hi of an input that
// repeats: gates = the input's products + U·h, then the cell.
func (l *LSTM) inferRepeatedStep(s *lstmScratch, t, lo, hi int) {
	n, U := l.N, l.Units
	for r := range 4 * U {
		copy(s.gates[r*s.nb:(r+1)*s.nb], l.in.rep[r*n+lo:r*n+hi])
	}
	GemmPacked(&l.packed, s.nb, s.h, s.nb, 1, s.gates, s.nb)
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

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
// h, or (N, Units), the last step's. The gate products are matrix
// products over the whole batch: those of the input for every step at
// once, those of h step by step. An LSTM keeps what the forward pass
// computed for the backward pass, and is not safe for concurrent use.
type LSTM struct {
	N, C, T, Units int
	// Sequences makes the output every step's h.
	Sequences bool

	xt   []float32 // the input, time-major: (T, N, C)
	acts []float32 // the gates after their activations: (4, T, N, U)
	cs   []float32 // c of every step: (T, N, U)
	tcs  []float32 // tanh(c) of every step: (T, N, U)
	hs   []float32 // h before every step and after the last: (T+1, N, U)

	d              []float32 // the gates' pre-activation gradients: (4, T, N, U)
	dh, dhNext, dc []float32 // (N, U)
	dxt            []float32 // (T, N, C)
	// DX, DW, DU and DB are the gradients the last Backward computed.
	DX, DW, DU, DB []float32
}

// gate returns the (N, U) block of gate k at step t of a (4, T, N, U)
// buffer.
func (l *LSTM) gate(buf []float32, k, t int) []float32 {
	nu := l.N * l.Units
	off := (k*l.T + t) * nu
	return buf[off : off+nu]
}

// step returns the (N, U) block of step t of a (T, N, U) buffer.
func (l *LSTM) step(buf []float32, t int) []float32 {
	nu := l.N * l.Units
	return buf[t*nu : (t+1)*nu]
}

func (l *LSTM) alloc() {
	if l.acts != nil {
		return
	}
	n, c, t, u := l.N, l.C, l.T, l.Units
	l.xt, l.acts, l.cs, l.tcs = make([]float32, t*n*c), make([]float32, 4*t*n*u), make([]float32, t*n*u), make([]float32, t*n*u)
	l.hs = make([]float32, (t+1)*n*u)
}

// gateActs are the activations of the gates i, f, g, o.
var gateActs = [4]int{ActSigmoid, ActSigmoid, ActTanh, ActSigmoid}

// Forward sets y to the layer's output for x, (N, C, T), and the weights
// w, u and b.
func (l *LSTM) Forward(x, w, u, b, y []float32) {
	l.alloc()
	n, c, T, U := l.N, l.C, l.T, l.Units
	toTimeMajor(x, l.xt, n, c, T)
	// the input's products for every step at once, with the bias
	for k := range 4 {
		blk := l.acts[k*T*n*U : (k+1)*T*n*U]
		Gemm(false, true, T*n, U, c, 1, l.xt, c, w[k*U*c:], c, 0, blk, U)
		BiasAct(ActLinear, U, 1, blk, b[k*U:(k+1)*U], blk)
	}
	clear(l.hs[:n*U])
	prevC := make([]float32, n*U)
	for t := range T {
		hPrev := l.step(l.hs, t)
		for k := range 4 {
			blk := l.gate(l.acts, k, t)
			Gemm(false, true, n, U, U, 1, hPrev, U, u[k*U*U:], U, 1, blk, U)
			Activate(gateActs[k], blk, blk)
		}
		gi, gf, gg, gout := l.gate(l.acts, 0, t), l.gate(l.acts, 1, t), l.gate(l.acts, 2, t), l.gate(l.acts, 3, t)
		ct, tc, h := l.step(l.cs, t), l.step(l.tcs, t), l.step(l.hs, t+1)
		if t > 0 {
			prevC = l.step(l.cs, t-1)
		}
		for j := range ct {
			ct[j] = gf[j]*prevC[j] + gi[j]*gg[j]
		}
		Activate(ActTanh, ct, tc)
		for j := range h {
			h[j] = gout[j] * tc[j]
		}
	}
	l.output(y)
}

// output writes the output from hs.
func (l *LSTM) output(y []float32) {
	n, T, U := l.N, l.T, l.Units
	if !l.Sequences {
		copy(y, l.step(l.hs, T))
		return
	}
	for t := range T {
		h := l.step(l.hs, t+1)
		for i := range n {
			for j := range U {
				y[(i*U+j)*T+t] = h[i*U+j]
			}
		}
	}
}

// toTimeMajor copies x, (n, c, t), into xt, (t, n, c).
func toTimeMajor(x, xt []float32, n, c, t int) {
	for i := range n {
		for ch := range c {
			row := x[(i*c+ch)*t : (i*c+ch+1)*t]
			for s, v := range row {
				xt[(s*n+i)*c+ch] = v
			}
		}
	}
}

// fromTimeMajor copies xt, (t, n, c), into x, (n, c, t).
func fromTimeMajor(xt, x []float32, n, c, t int) {
	for s := range t {
		for i := range n {
			for ch := range c {
				x[(i*c+ch)*t+s] = xt[(s*n+i)*c+ch]
			}
		}
	}
}

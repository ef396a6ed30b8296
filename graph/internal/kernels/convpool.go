package kernels

// NoWin is the window index of ForwardPool for a window that passes no
// gradient: after a relu its maximum is not positive.
const NoWin = 4

// ForwardPool sets y, (n, Cout, OH/2, OW/2), to the 2×2 max-pooling at
// stride 2 of act(conv(x, w) + b), act being ActReLU or ActLinear, without
// writing the convolution's output anywhere: each plane is pooled from the
// wide grid while it is in cache. win gets, for every window, the index
// (0 top left, 1 top right, 2 bottom left, 3 bottom right) of its first
// maximum, the cell MaxPoolGrad routes the gradient to, or NoWin where act
// is relu and the maximum is not positive, where relu's gradient stops it.
// OH and OW must be even.
func (c *Conv) ForwardPool(n int, x, w, b []float32, act int, y []float32, win []uint8) {
	g := c.G
	ph, pw := g.OH/2, g.OW/2
	relu := act == ActReLU
	c.forEachImage(n, x, w, b, act, func(i, o int, wide []float32) {
		base := (i*c.Cout + o) * ph * pw
		pool2x2Win(wide, c.wp, ph, pw, relu, y[base:base+ph*pw], win[base:base+ph*pw])
	})
}

// pool2x2Win pools the ph×pw windows of the plane x, whose rows lie ld
// apart, into y and win; see ForwardPool.
func pool2x2Win(x []float32, ld, ph, pw int, relu bool, y []float32, win []uint8) {
	for py := 0; py < ph; py++ {
		r0 := x[2*py*ld : 2*py*ld+2*pw]
		r1 := x[(2*py+1)*ld : (2*py+1)*ld+2*pw]
		yr, wr := y[py*pw:(py+1)*pw], win[py*pw:(py+1)*pw]
		for px := range yr {
			k, m := argmax2x2(r0[2*px], r0[2*px+1], r1[2*px], r1[2*px+1])
			if relu && m <= 0 {
				k = NoWin
			}
			yr[px], wr[px] = m, uint8(k)
		}
	}
}

// PoolScatter sets gz, planes planes of oh×ow (both even), to the gradient
// of the convolution output that ForwardPool pooled, from the gradient gp
// of the pooled planes: each window's gradient goes to the cell win names,
// zero to the others (to all four for NoWin).
func PoolScatter(planes, oh, ow int, win []uint8, gp, gz []float32) {
	ph, pw := oh/2, ow/2
	parallelFor(planes, planes*oh*ow, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			for py := 0; py < ph; py++ {
				d0 := gz[(p*oh+2*py)*ow:][:2*pw]
				d1 := gz[(p*oh+2*py+1)*ow:][:2*pw]
				base := (p*ph + py) * pw
				g := gp[base : base+pw]
				for px, k := range win[base : base+pw] {
					// an indexed store rather than a switch: no branch
					// to mispredict
					var t [8]float32
					t[k&7] = g[px]
					d0[2*px], d0[2*px+1], d1[2*px], d1[2*px+1] = t[0], t[1], t[2], t[3]
				}
			}
		}
	})
}

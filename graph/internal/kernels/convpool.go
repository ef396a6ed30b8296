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
	relu, ks := act == ActReLU, cur()
	if c.winograd() {
		c.wgForward(n, x, w, b, act, func(s *wgScratch, i0, count int) {
			base := i0 * c.Cout * ph * pw
			c.wf.pool(ks, s, count, relu, y[base:], win[base:])
		})
		return
	}
	c.forEachImage(n, x, w, b, act, func(i, o int, wide []float32) {
		base := (i*c.Cout + o) * ph * pw
		ks.poolWinPlane(wide, c.wp, y[base:base+ph*pw], win[base:base+ph*pw], ph, pw, relu)
	})
}

// poolWinPlaneRows returns the poolWinPlane that calls row on each row.
func poolWinPlaneRows(row func(r0, r1, y []float32, win []uint8, relu bool)) func(x []float32, ld int, y []float32, win []uint8, rows, cols int, relu bool) {
	return func(x []float32, ld int, y []float32, win []uint8, rows, cols int, relu bool) {
		for r := 0; r < rows; r++ {
			at := r * cols
			row(x[2*r*ld:][:2*cols], x[(2*r+1)*ld:][:2*cols], y[at:at+cols], win[at:at+cols], relu)
		}
	}
}

// poolWinRowGeneric sets y[j] to the largest of r0[2j], r0[2j+1], r1[2j]
// and r1[2j+1] and win[j] to the index of the first of them that is, or to
// NoWin when relu is set and the largest is not positive.
func poolWinRowGeneric(r0, r1, y []float32, win []uint8, relu bool) {
	r0, r1, win = r0[:2*len(y)], r1[:2*len(y)], win[:len(y)]
	for j := range y {
		k, m := argmax2x2(r0[2*j], r0[2*j+1], r1[2*j], r1[2*j+1])
		if relu && m <= 0 {
			k = NoWin
		}
		y[j], win[j] = m, uint8(k)
	}
}

// PoolScatter sets gz, planes planes of oh×ow (both even), to the gradient
// of the convolution output that ForwardPool pooled, from the gradient gp
// of the pooled planes: each window's gradient goes to the cell win names,
// zero to the others (to all four for NoWin).
func PoolScatter(planes, oh, ow int, win []uint8, gp, gz []float32) {
	ph, pw := oh/2, ow/2
	plane := cur().poolScatterPlane
	parallelFor(planes, planes*oh*ow, func(lo, hi int) {
		for p := lo; p < hi; p++ {
			base := p * ph * pw
			plane(win[base:base+ph*pw], gp[base:base+ph*pw], gz[p*oh*ow:(p+1)*oh*ow], ph, pw, ow)
		}
	})
}

// poolScatterPlaneRows returns the poolScatterPlane that calls row on
// each row.
func poolScatterPlaneRows(row func(win []uint8, g, d0, d1 []float32)) func(win []uint8, g, d []float32, rows, cols, ld int) {
	return func(win []uint8, g, d []float32, rows, cols, ld int) {
		for r := 0; r < rows; r++ {
			at := r * cols
			row(win[at:at+cols], g[at:at+cols], d[2*r*ld:][:2*cols], d[(2*r+1)*ld:][:2*cols])
		}
	}
}

// poolScatterRowGeneric sets d0[2j], d0[2j+1], d1[2j] and d1[2j+1] to g[j]
// at the cell win[j] names and to zero at the others (all four for NoWin).
func poolScatterRowGeneric(win []uint8, g, d0, d1 []float32) {
	n := 2 * len(win)
	g, d0, d1 = g[:len(win)], d0[:n], d1[:n]
	for j, k := range win {
		// an indexed store rather than a switch: no branch to mispredict
		var t [8]float32
		t[k&7] = g[j]
		d0[2*j], d0[2*j+1], d1[2*j], d1[2*j+1] = t[0], t[1], t[2], t[3]
	}
}

// GradKernelPooled adds to dw the kernel gradient that GradKernel gives for
// the output gradient PoolScatter makes of the pooled gradient gp and the
// winners win of ForwardPool, without writing that gradient anywhere:
// each image's windows are scattered straight into the planes the kernel
// gradient reads. OH and OW must both be even, as for ForwardPool.
func (c *Conv) GradKernelPooled(n int, x []float32, win []uint8, gp, dw []float32) {
	g := c.G
	ph, pw := g.OH/2, g.OW/2
	if c.winograd() && cur().wgKernelGrad || c.byPhases() {
		c.gz = grow(c.gz, n*c.Cout*g.OH*g.OW)
		gz := c.gz[:n*c.Cout*g.OH*g.OW]
		PoolScatter(n*c.Cout, g.OH, g.OW, win, gp, gz)
		c.GradKernel(n, x, gz, dw)
		return
	}
	c.gradKernel(n, x, dw, func(ks *kernelSet, out []float32, i int) {
		for o := 0; o < c.Cout; o++ {
			at := (i*c.Cout + o) * ph * pw
			ks.poolScatterPlane(win[at:at+ph*pw], gp[at:at+ph*pw], out[o*c.np:(o+1)*c.np], ph, pw, c.wp)
		}
	})
}

// GradInputPooled sets dx to the input gradient that GradInput gives for
// the output gradient PoolScatter makes of the pooled gradient gp and the
// winners win of ForwardPool, without writing that gradient anywhere:
// each image's windows are scattered straight into the planes the input
// gradient reads. The output planes, OH×OW, must both be even, as for
// ForwardPool; where the padding or the output phases leave no such planes
// (NewConvUp's phases, a pad wider than the kernel), the gradient is
// scattered into a scratch buffer first and GradInput reads that.
func (c *Conv) GradInputPooled(n int, w []float32, win []uint8, gp, dx []float32) {
	g := c.G
	ph, pw := g.OH/2, g.OW/2
	switch {
	case c.winograd():
		c.wgGradInputBy(n, w, dx, func(ks *kernelSet, s *wgScratch, i0, count int) {
			c.wb.fillPooled(ks, s, i0, count, win, gp)
		})
	case c.byPhases() || c.top < 0 || c.left < 0:
		c.gz = grow(c.gz, n*c.Cout*g.OH*g.OW)
		gz := c.gz[:n*c.Cout*g.OH*g.OW]
		PoolScatter(n*c.Cout, g.OH, g.OW, win, gp, gz)
		c.GradInput(n, w, gz, dx)
	default:
		c.gradInput(n, w, dx, func(ks *kernelSet, padG []float32, i int) {
			for o := 0; o < c.Cout; o++ {
				at := (i*c.Cout + o) * ph * pw
				d := padG[o*c.hq*c.wq+c.top*c.wq+c.left:]
				ks.poolScatterPlane(win[at:at+ph*pw], gp[at:at+ph*pw], d, ph, pw, c.wq)
			}
		})
	}
}

// PooledBiasGrad adds to db, one value per channel, the bias gradient that
// BiasGrad gives for the output gradient PoolScatter makes of the pooled
// gradient gp, n images of ch channels of plane windows each: the sum of
// each channel's gp over the windows that pass one. Those are, after a
// relu, the windows whose pooled output y is positive (NoWin is a zero
// maximum), and all of them after a linear act.
func PooledBiasGrad(n, ch, plane, act int, y, gp, db []float32) {
	y, gp = y[:n*ch*plane], gp[:n*ch*plane]
	ks := cur()
	parallelFor(ch, n*ch*plane, func(lo, hi int) {
		var passed []float32
		if act == ActReLU {
			passed = make([]float32, plane)
		}
		for c := lo; c < hi; c++ {
			s := db[c]
			for i := 0; i < n; i++ {
				at := (i*ch + c) * plane
				g := gp[at : at+plane]
				if passed != nil {
					ks.reluGrad(y[at:at+plane], g, passed)
					g = passed
				}
				s += ks.sum(g)
			}
			db[c] = s
		}
	})
}

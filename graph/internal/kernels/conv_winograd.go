package kernels

// The passes of a Conv by F(2×2, 3×3); see winograd.go.

// useWinograd sets the Conv to compute its passes by F(2×2, 3×3) where
// that suits its shape.
func (c *Conv) useWinograd() {
	g := c.G
	c.wf, c.wb, c.wk = nil, nil, nil
	if !wgFits(g, c.Cout) {
		return
	}
	c.wf = newWgConv(g.C, c.Cout, g.H, g.W, c.Up, g.PadT, g.PadL, g.OH, g.OW, false)
	c.wb = newWgConv(c.Cout, g.C, g.OH, g.OW, 1, 2-g.PadT, 2-g.PadL, g.H, g.W, false)
	c.wk = newWgConv(g.C, c.Cout, g.H, g.W, c.Up, g.PadT, g.PadL, g.OH, g.OW, true)
}

// winograd reports whether the passes run by F(2×2, 3×3): where the shape
// suits it and the kernel set has its transforms.
func (c *Conv) winograd() bool { return c.wf != nil && cur().wgIn != nil }

// direct sets the Conv to compute its passes directly whatever its shape:
// neither by F(2×2, 3×3) nor by output phases.
func (c *Conv) direct() { c.wf, c.wb, c.wk, c.ph = nil, nil, nil, nil }

// wgForward computes act(conv(x, w) + b), b nil for no bias, a group of
// images at a time, and hands each group's output phases to emit while
// they are in cache. emit is called on several goroutines, for different
// groups.
func (c *Conv) wgForward(n int, x, w, b []float32, act int, emit func(s *wgScratch, i0, count int)) {
	g, q := c.G, c.wf
	q.setKernel(w, false)
	if b != nil {
		b = b[:c.Cout]
	}
	chw := g.C * c.inPlane()
	ks := cur()
	q.groups(n, func(s *wgScratch, i0, count int) {
		q.forward(ks, s, x[i0*chw:], chw, count)
		if b != nil {
			for rs := 0; rs < 4; rs++ {
				for o := 0; o < c.Cout; o++ {
					p := s.y[(rs*c.Cout+o)*q.s:][:q.s]
					ks.biasActPlane(act, p, b[o], p)
				}
			}
		}
		emit(s, i0, count)
	})
}

// wgGradInput is GradInput by F(2×2, 3×3): the convolution of the output
// gradient, padded by 2 less than the input, with the kernel flipped and
// its filters and channels swapped.
func (c *Conv) wgGradInput(n int, w, gy, dx []float32) {
	ohw := c.G.OH * c.G.OW
	c.wgGradInputBy(n, w, dx, func(ks *kernelSet, s *wgScratch, i0, count int) {
		for g := 0; g < count; g++ {
			c.wb.fill(ks, s.pad, g, gy[(i0+g)*c.Cout*ohw:])
		}
	})
}

// wgGradInputBy is wgGradInput for the output gradient that fill writes,
// the count images from i0 on, into the phase planes s.pad.
func (c *Conv) wgGradInputBy(n int, w, dx []float32, fill func(ks *kernelSet, s *wgScratch, i0, count int)) {
	g, q := c.G, c.wb
	q.setKernel(w, true)
	chw := g.C * c.inPlane()
	ks := cur()
	q.groups(n, func(s *wgScratch, i0, count int) {
		fill(ks, s, i0, count)
		q.forwardFilled(ks, s)
		for i := 0; i < count; i++ {
			d := dx[(i0+i)*chw:][:chw]
			if c.Up == 2 {
				q.sumPhases(s, i, d)
			} else {
				q.interleave(ks, s, i, d)
			}
		}
	})
}

// wgGradKernel is GradKernel by F(2×2, 3×3): for each chunk, the products
// of the input's transform with the output gradient's, summed over the
// tiles, then over the chunks in order, then transformed back.
func (c *Conv) wgGradKernel(n int, x, gy, dw []float32) {
	g, q := c.G, c.wk
	chw, ohw := g.C*c.inPlane(), g.OH*g.OW
	size := 16 * g.C * c.Cout
	chunks := ceilDiv(n, kernelChunk)
	c.partial = grow(c.partial, chunks*size)
	ks := cur()
	q.groups(n, func(s *wgScratch, i0, count int) {
		part := c.partial[i0/kernelChunk*size:][:size]
		clear(part)
		for i := 0; i < count; i++ {
			q.fill(ks, s.pad, i, x[(i0+i)*chw:])
		}
		// the slots past a short last chunk meet a zero output gradient,
		// but an earlier chunk's Inf or NaN there would still reach the
		// sums: clear them
		q.clearSlots(s.pad, count)
		q.gradPhases(ks, s, gy[i0*c.Cout*ohw:], count)
		q.gradKernel(ks, s, part)
	})
	q.addKernelGrad(c.sumPartials(chunks, size), dw)
}

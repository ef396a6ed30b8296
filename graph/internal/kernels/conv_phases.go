package kernels

// An upsampled convolution by its output phases. After 2×2 nearest
// upsampling, the output cell (2i+a, 2j+b) of a 3×3 'same' convolution
// reads the upsampled cells of rows 2i+a-1 … 2i+a+1, which are the input's
// rows i+a-1 and i+a, the middle one twice; the same for columns. So each
// output phase (a, b) is a 2×2 convolution of the input as it is, whose
// kernel sums the 3×3 kernel's rows by upRows[a] and its columns by
// upRows[b]. The four phases are the 4·Cout filters, phase by phase, of
// one 2×2 convolution of the input padded by one, on a grid of
// (H/2+1)×(W/2+1) of which phase (a, b) takes the cells from (a, b) on.
// That is 16 multiply-adds per input channel for four output cells where
// the upsampled input takes 36, and four filters, where Cout is one,
// share every load of the input.

// upRows[a][p] is the row p of the 2×2 kernel of phase a as a sum of the
// 3×3 kernel's rows: their weights, 1 for each row summed.
var upRows = [2][2][3]float32{
	{{1, 0, 0}, {0, 1, 1}}, // even rows: input rows i-1 and i
	{{1, 1, 0}, {0, 0, 1}}, // odd rows: input rows i and i+1
}

// phasesMinSize is the least output size, in rows and columns, that an
// upsampled convolution runs by output phases at: below it the phases'
// grids are too short for their vector loops (BenchmarkSeedConvs: at 8×8
// from 4×4 the direct passes are twice as fast; at 14×14 from 7×7 the
// three passes of conv's 1→16 layer take a quarter less time together on
// AVX-512, 8% more on AVX2; larger layers gain two to four times).
const phasesMinSize = 14

// usePhases sets an upsampled Conv to compute its passes by output phases
// where its shape suits: a 3×3 kernel at stride 1 with 'same' padding, on
// outputs of phasesMinSize or more.
func (c *Conv) usePhases() {
	g := c.G
	c.ph = nil
	if c.Up != 2 || g.KH != 3 || g.KW != 3 || c.sh != 1 || c.sw != 1 ||
		g.PadT != 1 || g.PadL != 1 || g.OH != g.H || g.OW != g.W ||
		g.H%2 != 0 || g.W%2 != 0 || g.H < phasesMinSize || g.W < phasesMinSize {
		return
	}
	h, w := g.H/2, g.W/2
	c.ph = NewConv(ConvGeom{C: g.C, H: h, W: w, KH: 2, KW: 2, PadT: 1, PadL: 1, OH: h + 1, OW: w + 1}, 4*c.Cout)
}

// byPhases reports whether the passes run by output phases: where the
// shape suits and F(2×2, 3×3), fewer multiply-adds still, does not run.
// Where F(2×2, 3×3) runs the forward pass and the input gradient but
// leaves the kernel gradient to the direct loops (AVX-512), that stays
// direct too: at 32→32 on 14×14 from 7×7 the direct kernel gradient ran
// at 229 GFLOP/s, by output phases at 210 (BenchmarkSeedConvs, medians
// of five).
func (c *Conv) byPhases() bool { return c.ph != nil && !c.winograd() }

// phasesForward is ForwardBiasAct by output phases: each output plane's
// even and odd rows zipped from two phases' grids.
func (c *Conv) phasesForward(n int, x, w, b []float32, act int, y []float32) {
	g, p := c.G, c.ph
	c.collapseKernel(w)
	if b != nil {
		b = b[:c.Cout]
	}
	hw := g.H * g.W
	ks := cur()
	p.wideImages(n, x, c.wPh, func(i int, out []float32) {
		for o := 0; o < c.Cout; o++ {
			yo := y[(i*c.Cout+o)*hw:][:hw]
			for a := 0; a < 2; a++ {
				ev := out[(2*a*c.Cout+o)*p.np+a*p.wp:]
				od := out[((2*a+1)*c.Cout+o)*p.np+a*p.wp+1:]
				ks.zipRows(yo[a*g.W:], 2*g.W, ev, od, p.wp, g.H/2, g.W)
			}
			if b != nil {
				ks.biasActPlane(act, yo, b[o], yo)
			}
		}
	})
}

// phasesGradInput is GradInput by output phases: the 2×2 convolution's
// input gradient for the output gradient split into the phases' grids.
func (c *Conv) phasesGradInput(n int, w, gy, dx []float32) {
	p := c.ph
	c.collapseKernel(w)
	p.gradInput(n, c.wPh, dx, func(ks *kernelSet, padG []float32, i int) {
		c.splitPhases(ks, padG, p.hq*p.wq, p.wq, p.top*p.wq+p.left, gy, i)
	})
}

// phasesGradKernel is GradKernel by output phases: the 2×2 convolution's
// kernel gradient for the output gradient split into the phases' grids,
// each of its taps added to the 3×3 taps it sums.
func (c *Conv) phasesGradKernel(n int, x, gy, dw []float32) {
	p := c.ph
	c.dwPh = grow(c.dwPh, len(p.wP))
	clear(c.dwPh)
	p.gradKernel(n, x, c.dwPh, func(ks *kernelSet, out []float32, i int) {
		c.splitPhases(ks, out, p.np, p.wp, 0, gy, i)
	})
	c.expandKernelGrad(c.dwPh, dw)
}

// splitPhases writes image i's output gradient from gy into the grids of
// the four phases of each filter, planes plane values apart with rows ld
// apart and cell (0, 0) at at, phase (a, b) from cell (a, b) on.
func (c *Conv) splitPhases(ks *kernelSet, d []float32, plane, ld, at int, gy []float32, i int) {
	g := c.G
	hw := g.H * g.W
	for o := 0; o < c.Cout; o++ {
		gyo := gy[(i*c.Cout+o)*hw:][:hw]
		for a := 0; a < 2; a++ {
			ev := d[(2*a*c.Cout+o)*plane+at+a*ld:]
			od := d[((2*a+1)*c.Cout+o)*plane+at+a*ld+1:]
			ks.unzipRows(ev, od, ld, gyo[a*g.W:], 2*g.W, g.H/2, g.W)
		}
	}
}

// collapseKernel sets c.wPh, (4·Cout, C, 2, 2), to the phases' kernels
// from w, (Cout, C, 3, 3).
func (c *Conv) collapseKernel(w []float32) {
	cc := c.G.C
	c.wPh = grow(c.wPh, 16*c.Cout*cc)
	for ph := 0; ph < 4; ph++ {
		ra, rb := &upRows[ph/2], &upRows[ph%2]
		for o := 0; o < c.Cout; o++ {
			for ch := 0; ch < cc; ch++ {
				k := w[(o*cc+ch)*9:][:9]
				d := c.wPh[((ph*c.Cout+o)*cc+ch)*4:][:4]
				for p := 0; p < 4; p++ {
					var s float32
					for ky := 0; ky < 3; ky++ {
						for kx := 0; kx < 3; kx++ {
							s += ra[p/2][ky] * rb[p%2][kx] * k[ky*3+kx]
						}
					}
					d[p] = s
				}
			}
		}
	}
}

// expandKernelGrad adds to dw, (Cout, C, 3, 3), the gradient dPh, (4·Cout,
// C, 2, 2), of the phases' kernels: each 2×2 tap's to the 3×3 taps it
// sums.
func (c *Conv) expandKernelGrad(dPh, dw []float32) {
	cc := c.G.C
	for o := 0; o < c.Cout; o++ {
		for ch := 0; ch < cc; ch++ {
			k := dw[(o*cc+ch)*9:][:9]
			for ky := 0; ky < 3; ky++ {
				for kx := 0; kx < 3; kx++ {
					var s float32
					for ph := 0; ph < 4; ph++ {
						ra, rb := &upRows[ph/2], &upRows[ph%2]
						d := dPh[((ph*c.Cout+o)*cc+ch)*4:][:4]
						for p := 0; p < 4; p++ {
							s += ra[p/2][ky] * rb[p%2][kx] * d[p]
						}
					}
					k[ky*3+kx] += s
				}
			}
		}
	}
}

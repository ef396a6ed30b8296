package kernels

// The inner loops of the direct convolution. taps sets
// y[p] += Σ_t w[t]·x[offs[t]+p] for p < n; taps4 does so for four outputs
// at once, output o being y[o·ys:] with the weights w[o·ws:]; dots adds to
// acc[16t:16t+16] lane sums whose total is Σ_p g[p]·x[offs[t]+p] (which
// lane holds which part is up to the kernel set); dotsTile adds such dot
// products for many outputs at once, summed as the kernel set chooses. n
// is a multiple of 16, offs ascend and are not negative.

// tapsAll runs taps for outs outputs whose planes lie np apart in y and
// whose weights lie k apart in w, four at a time.
func tapsAll(ks *kernelSet, outs int, y []float32, np int, x []float32, offs []int32, w []float32) {
	k := len(offs)
	o := 0
	for ; o+4 <= outs; o += 4 {
		ks.taps4(y[o*np:], np, np, x, offs, w[o*k:], k)
	}
	for ; o < outs; o++ {
		ks.taps(y[o*np:], np, x, offs, w[o*k:(o+1)*k])
	}
}

// tapsAllSet is tapsAll setting the outs planes, np values each, to the
// sums rather than adding them, as clearing them first would, without the
// pass that clears them where the set has taps4Set.
func tapsAllSet(ks *kernelSet, outs int, y []float32, np int, x []float32, offs []int32, w []float32) {
	k := len(offs)
	o := 0
	if ks.taps4Set != nil && k > 0 && np%16 == 0 {
		for ; o+4 <= outs; o += 4 {
			ks.taps4Set(y[o*np:], np, np, x, offs, w[o*k:], k)
		}
	}
	clear(y[o*np : outs*np])
	tapsAll(ks, outs-o, y[o*np:], np, x, offs, w[o*k:])
}

// tapsGeneric keeps eight outputs in registers over all the taps.
func tapsGeneric(y []float32, n int, x []float32, offs []int32, w []float32) {
	y, w = y[:n], w[:len(offs)]
	for p := 0; p+8 <= n; p += 8 {
		yp := (*[8]float32)(y[p : p+8])
		s0, s1, s2, s3, s4, s5, s6, s7 := yp[0], yp[1], yp[2], yp[3], yp[4], yp[5], yp[6], yp[7]
		for t, off := range offs {
			o := int(off) + p
			xs := (*[8]float32)(x[o : o+8])
			wt := w[t]
			s0 += wt * xs[0]
			s1 += wt * xs[1]
			s2 += wt * xs[2]
			s3 += wt * xs[3]
			s4 += wt * xs[4]
			s5 += wt * xs[5]
			s6 += wt * xs[6]
			s7 += wt * xs[7]
		}
		yp[0], yp[1], yp[2], yp[3], yp[4], yp[5], yp[6], yp[7] = s0, s1, s2, s3, s4, s5, s6, s7
	}
}

// taps4Generic keeps four outputs of four planes in registers over all
// the taps: each input value loaded serves four planes.
func taps4Generic(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
	k := len(offs)
	w0, w1, w2, w3 := w[:k], w[ws:ws+k], w[2*ws:2*ws+k], w[3*ws:3*ws+k]
	y0, y1, y2, y3 := y[:n], y[ys:ys+n], y[2*ys:2*ys+n], y[3*ys:3*ys+n]
	for p := 0; p+4 <= n; p += 4 {
		v0, v1, v2, v3 := (*[4]float32)(y0[p:p+4]), (*[4]float32)(y1[p:p+4]), (*[4]float32)(y2[p:p+4]), (*[4]float32)(y3[p:p+4])
		s00, s01, s02, s03 := v0[0], v0[1], v0[2], v0[3]
		s10, s11, s12, s13 := v1[0], v1[1], v1[2], v1[3]
		s20, s21, s22, s23 := v2[0], v2[1], v2[2], v2[3]
		s30, s31, s32, s33 := v3[0], v3[1], v3[2], v3[3]
		for t, off := range offs {
			o := int(off) + p
			xs := (*[4]float32)(x[o : o+4])
			x0, x1, x2, x3 := xs[0], xs[1], xs[2], xs[3]
			a, b, c, d := w0[t], w1[t], w2[t], w3[t]
			s00 += a * x0
			s01 += a * x1
			s02 += a * x2
			s03 += a * x3
			s10 += b * x0
			s11 += b * x1
			s12 += b * x2
			s13 += b * x3
			s20 += c * x0
			s21 += c * x1
			s22 += c * x2
			s23 += c * x3
			s30 += d * x0
			s31 += d * x1
			s32 += d * x2
			s33 += d * x3
		}
		v0[0], v0[1], v0[2], v0[3] = s00, s01, s02, s03
		v1[0], v1[1], v1[2], v1[3] = s10, s11, s12, s13
		v2[0], v2[1], v2[2], v2[3] = s20, s21, s22, s23
		v3[0], v3[1], v3[2], v3[3] = s30, s31, s32, s33
	}
}

// dotsGeneric sums each tap in eight lanes, in registers.
func dotsGeneric(acc, g []float32, n int, x []float32, offs []int32) {
	g = g[:n]
	for t, off := range offs {
		xs := x[off : int(off)+n]
		var s0, s1, s2, s3, s4, s5, s6, s7 float32
		for p := 0; p+8 <= len(g); p += 8 {
			gp, xp := (*[8]float32)(g[p:p+8]), (*[8]float32)(xs[p:p+8])
			s0 += gp[0] * xp[0]
			s1 += gp[1] * xp[1]
			s2 += gp[2] * xp[2]
			s3 += gp[3] * xp[3]
			s4 += gp[4] * xp[4]
			s5 += gp[5] * xp[5]
			s6 += gp[6] * xp[6]
			s7 += gp[7] * xp[7]
		}
		a := (*[8]float32)(acc[16*t : 16*t+8])
		a[0] += s0
		a[1] += s1
		a[2] += s2
		a[3] += s3
		a[4] += s4
		a[5] += s5
		a[6] += s6
		a[7] += s7
	}
}

// dotsTileGeneric adds to part[t·ldp+o], for every tap t and every output
// o < outs (a multiple of 4), Σ_p g[o·gs+p]·x[offs[t]+p] over p < n (a
// multiple of 8). It is the reference the sets' dotsTile are tested
// against; no set runs it.
func dotsTileGeneric(part []float32, ldp, outs int, g []float32, gs, n int, x []float32, offs []int32) {
	for t, off := range offs {
		xs := x[off : int(off)+n]
		for o := 0; o < outs; o++ {
			gp := g[o*gs : o*gs+n]
			var s float32
			for p, v := range gp {
				s += v * xs[p]
			}
			part[t*ldp+o] += s
		}
	}
}

// copyRowsGeneric copies rows rows of cols values from src, row r at
// src[r·ss:], to dst, row r at dst[r·ds:]; dst and src do not overlap.
func copyRowsGeneric(dst []float32, ds int, src []float32, ss, rows, cols int) {
	for r := 0; r < rows; r++ {
		copy(dst[r*ds:r*ds+cols], src[r*ss:r*ss+cols])
	}
}

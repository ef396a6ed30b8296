//go:build !purego

package kernels

// The AVX2 + FMA loops, in gemm_avx2_amd64.s, taps_avx2_amd64.s,
// bce_avx2_amd64.s, elementwise_avx2_amd64.s and pool_avx2_amd64.s: the
// AVX-512 set on eight lanes, for the many CPUs without AVX-512. Each Go
// wrapper checks the bounds of everything the assembly reads or writes.

//go:noescape
func kern6x16avx2(k int, a *float32, rs, ks int, b *float32, bs int, c *float32, ldc int, set bool)

//go:noescape
func tapsAVX2(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)

//go:noescape
func taps4AVX2(y *float32, ys, n int, x *float32, offs *int32, w *float32, ws, ntaps int, set bool)

//go:noescape
func dotsAVX2(acc *float32, gy *float32, n int, x *float32, offs *int32, ntaps int)

//go:noescape
func dots3AVX2(acc *float32, gy *float32, n int, x *float32, o0, o1, o2 int)

//go:noescape
func dotsTileAVX2(part *float32, ldp, outs int, gy *float32, gs, n int, x *float32, o0, o1, o2 int)

//go:noescape
func copyRowsAVX2(dst *float32, ds int, src *float32, ss int, rows, cols int)

//go:noescape
func bceAVX2(z, y, sig *float32, n int) float32

//go:noescape
func sigmoidAVX2(x *float32, b float32, out *float32, n int)

//go:noescape
func lstmCellAVX2(gi, gf, gg, gout, prev, c, tc, h *float32, n int, first bool)

//go:noescape
func tanhAVX2(x *float32, b float32, out *float32, n int)

//go:noescape
func reluGradAVX2(y, gy, out *float32, n int)

//go:noescape
func biasActAVX2(x *float32, b float32, out *float32, n int, relu bool)

//go:noescape
func biasActRowsAVX2(c *float32, ldc, rows int, b *float32, cols, act int)

//go:noescape
func sumAVX2(x *float32, n int) float32

//go:noescape
func pair2x2RowAVX2(r0, r1, out *float32, cols int, sum bool)

//go:noescape
func maxPoolGrad2x2RowAVX2(r0, r1, gy, d0, d1 *float32, cols int)

//go:noescape
func poolWinRowAVX2(r0, r1, y *float32, win *uint8, cols int, relu bool)

//go:noescape
func poolWinPlaneAVX2(x *float32, ld int, y *float32, win *uint8, rows, cols int, relu bool)

//go:noescape
func poolScatterPlaneAVX2(win *uint8, gp, d *float32, rows, cols, ld int)

//go:noescape
func poolScatterPlane4AVX2(win *uint8, gp, d *float32, rows, cols, ld int)

//go:noescape
func upsample2x2RowAVX2(x, d0, d1 *float32, cols int)

// avx2Set is the AVX2 + FMA set.
var avx2Set = kernelSet{
	name: "avx2",
	mr:   6, nr: 16,
	gemm: func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
		if k == 0 {
			return
		}
		// the last elements read, so that a bad stride fails here
		_, _ = a[5*rs+(k-1)*ks], b[(k-1)*bs+15]
		_ = c[5*ldc+15]
		kern6x16avx2(k, &a[0], 4*rs, 4*ks, &b[0], 4*bs, &c[0], ldc, false)
	},
	gemmSet: func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
		if k == 0 {
			for i := range 6 {
				clear(c[i*ldc : i*ldc+16])
			}
			return
		}
		_, _ = a[5*rs+(k-1)*ks], b[(k-1)*bs+15]
		_ = c[5*ldc+15]
		kern6x16avx2(k, &a[0], 4*rs, 4*ks, &b[0], 4*bs, &c[0], ldc, true)
	},
	taps: func(y []float32, n int, x []float32, offs []int32, w []float32) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps(y, n, x, offs, w)
		tapsAVX2(&y[0], n&^15, &x[0], &offs[0], &w[0], len(offs))
	},
	taps4: func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps4(y, ys, n, x, offs, w, ws)
		taps4AVX2(&y[0], 4*ys, n&^15, &x[0], &offs[0], &w[0], 4*ws, len(offs), false)
	},
	taps4Set: func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps4(y, ys, n, x, offs, w, ws)
		taps4AVX2(&y[0], 4*ys, n&^15, &x[0], &offs[0], &w[0], 4*ws, len(offs), true)
	},
	dots: func(acc, g []float32, n int, x []float32, offs []int32) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkDots(acc, g, n, x, offs)
		t := 0
		for ; t+3 <= len(offs); t += 3 {
			dots3AVX2(&acc[16*t], &g[0], n&^15, &x[0], int(offs[t]), int(offs[t+1]), int(offs[t+2]))
		}
		if t < len(offs) {
			dotsAVX2(&acc[16*t], &g[0], n&^15, &x[0], &offs[t], len(offs)-t)
		}
	},
	dotsTile: dotsTileVector(8, dotsTileAVX2),
	copyRows: copyRowsAVX2Go,
	bce: func(z, y, sig []float32) float32 {
		n := len(z) &^ 7
		var s float32
		if n > 0 {
			_, _ = y[n-1], sig[n-1]
			s = bceAVX2(&z[0], &y[0], &sig[0], n)
		}
		return s + bceGeneric(z[n:], y[n:], sig[n:])
	},
	reluGrad: func(y, g, out []float32) {
		n := len(y) &^ 7
		if n > 0 {
			_, _ = g[n-1], out[n-1]
			reluGradAVX2(&y[0], &g[0], &out[0], n)
		}
		reluGradGeneric(y[n:], g[n:], out[n:])
	},
	biasActPlane: biasActAVX2Plane,
	biasActRow:   biasActRowAVX2,
	biasActRows:  biasActRowsAVX2Go,
	adam:         adamVector(8, adamAVX2),
	lstmCell:     vectorCell(8, lstmCellAVX2),
	sum: func(x []float32) float32 {
		n := len(x) &^ 7
		var s float32
		if n > 0 {
			s = sumAVX2(&x[0], n)
		}
		for _, v := range x[n:] {
			s += v
		}
		return s
	},
	maxPool2x2Row: func(r0, r1, out []float32) {
		done := rows8(len(out), func(lo, cols int) {
			_, _ = r0[2*(lo+cols)-1], r1[2*(lo+cols)-1]
			pair2x2RowAVX2(&r0[2*lo], &r1[2*lo], &out[lo], cols, false)
		})
		maxPool2x2RowGeneric(r0[2*done:], r1[2*done:], out[done:])
	},
	maxPoolGrad2x2Row: func(r0, r1, g, d0, d1 []float32) {
		done := rows8(len(g), func(lo, cols int) {
			hi := 2*(lo+cols) - 1
			_, _, _, _ = r0[hi], r1[hi], d0[hi], d1[hi]
			maxPoolGrad2x2RowAVX2(&r0[2*lo], &r1[2*lo], &g[lo], &d0[2*lo], &d1[2*lo], cols)
		})
		maxPoolGrad2x2RowGeneric(r0[2*done:], r1[2*done:], g[done:], d0[2*done:], d1[2*done:])
	},
	upsample2x2Row: func(x, d0, d1 []float32) {
		done := rows8(len(x), func(lo, cols int) {
			_, _ = d0[2*(lo+cols)-1], d1[2*(lo+cols)-1]
			upsample2x2RowAVX2(&x[lo], &d0[2*lo], &d1[2*lo], cols)
		})
		upsample2x2RowGeneric(x[done:], d0[2*done:], d1[2*done:])
	},
	upsampleGrad2x2Row: func(r0, r1, out []float32) {
		done := rows8(len(out), func(lo, cols int) {
			_, _ = r0[2*(lo+cols)-1], r1[2*(lo+cols)-1]
			pair2x2RowAVX2(&r0[2*lo], &r1[2*lo], &out[lo], cols, true)
		})
		upsampleGrad2x2RowGeneric(r0[2*done:], r1[2*done:], out[done:])
	},
	poolWinRow: func(r0, r1, y []float32, win []uint8, relu bool) {
		done := rows8(len(y), func(lo, cols int) {
			_, _, _ = r0[2*(lo+cols)-1], r1[2*(lo+cols)-1], win[lo+cols-1]
			poolWinRowAVX2(&r0[2*lo], &r1[2*lo], &y[lo], &win[lo], cols, relu)
		})
		poolWinRowGeneric(r0[2*done:], r1[2*done:], y[done:], win[done:], relu)
	},
	// rows of fewer than 8 windows in portable Go
	poolWinPlane: poolWinPlaneAVX2Go(poolWinRowGeneric),
	zipRows:      zipRowsChecked(zipRowsAVX2),
	unzipRows:    unzipRowsChecked(unzipRowsAVX2),
	poolPhases:   poolPhasesVector(8, poolPhasesAVX2),
	wgKernelGrad: true,
	wgIn:         wgInVector(8, wgInAVX2),
	wgOut:        wgOutVector(8, wgOutAVX2),
	wgGradRow:    wgGradRowVector(8, wgGradRowAVX2),
	// rows of fewer than 4 windows in portable Go
	poolScatterPlane: poolScatterPlaneAVX2Go(poolScatterRowGeneric),
}

// poolWinPlaneAVX2Go returns the poolWinPlane that pools planes of rows
// of 8 windows or more by poolWinPlaneAVX2, in one call, and shorter rows
// by row.
func poolWinPlaneAVX2Go(row func(r0, r1, y []float32, win []uint8, relu bool)) func(x []float32, ld int, y []float32, win []uint8, rows, cols int, relu bool) {
	byRows := poolWinPlaneRows(row)
	return func(x []float32, ld int, y []float32, win []uint8, rows, cols int, relu bool) {
		if cols < 8 || rows <= 0 {
			byRows(x, ld, y, win, rows, cols, relu)
			return
		}
		if ld < 2*cols {
			panic("kernels: poolWinPlane: overlapping rows")
		}
		_, _, _ = y[rows*cols-1], win[rows*cols-1], x[(2*rows-1)*ld+2*cols-1]
		poolWinPlaneAVX2(&x[0], ld, &y[0], &win[0], rows, cols, relu)
	}
}

// poolScatterPlaneAVX2Go returns the poolScatterPlane that scatters planes
// of rows of 8 windows or more by poolScatterPlaneAVX2 and of 4 to 7 by
// poolScatterPlane4AVX2, in one call, and shorter rows by row.
func poolScatterPlaneAVX2Go(row func(win []uint8, g, d0, d1 []float32)) func(win []uint8, g, d []float32, rows, cols, ld int) {
	byRows := poolScatterPlaneRows(row)
	return func(win []uint8, g, d []float32, rows, cols, ld int) {
		if cols < 4 || rows <= 0 {
			byRows(win, g, d, rows, cols, ld)
			return
		}
		if ld < 2*cols {
			panic("kernels: poolScatterPlane: overlapping rows")
		}
		_, _, _ = win[rows*cols-1], g[rows*cols-1], d[(2*rows-1)*ld+2*cols-1]
		if cols < 8 {
			poolScatterPlane4AVX2(&win[0], &g[0], &d[0], rows, cols, ld)
			return
		}
		poolScatterPlaneAVX2(&win[0], &g[0], &d[0], rows, cols, ld)
	}
}

// rows8 calls vec(lo, cols) on blocks of 8 columns covering [0, n) when n
// is 8 or more, the last block moved back to end at n where 8 does not
// divide n. The columns it covers twice get the same values twice, as each
// pooling row writes its outputs from inputs it does not write. It returns
// how many columns it covered: n, or 0 for the generic loop when n < 8.
func rows8(n int, vec func(lo, cols int)) int {
	if n < 8 {
		return 0
	}
	vec(0, n&^7)
	if n&7 != 0 {
		vec(n-8, 8)
	}
	return n
}

// biasActAVX2Plane sets out = act(x + b), the sigmoid and tanh too. Their
// last len(x)%8 values also go through the vector loop, in a buffer, so
// that every value is computed alike wherever a split puts it.
func biasActAVX2Plane(act int, x []float32, b float32, out []float32) {
	switch act {
	case ActSigmoid:
		vectorPlane(8, sigmoidAVX2, x, b, out)
		return
	case ActTanh:
		vectorPlane(8, tanhAVX2, x, b, out)
		return
	case ActLinear, ActReLU:
	default:
		biasActScalar(act, x, b, out) // elu, ...: no vector loop
		return
	}
	n := len(x) &^ 7
	if n > 0 {
		_ = out[n-1]
		biasActAVX2(&x[0], b, &out[0], n, act == ActReLU)
	}
	biasActScalar(act, x[n:], b, out[n:])
}

// biasActRowAVX2 is the AVX2 set's biasActRow.
var biasActRowAVX2 = biasRowVector(8, biasRowAVX2, biasActAVX2Plane)

// biasActRowsByRowAVX2 applies biasActRowAVX2 to each row.
var biasActRowsByRowAVX2 = rowByRow(biasActRowAVX2)

// biasActRowsAVX2Go is the AVX2 set's biasActRows: biasActRowsAVX2 over the
// columns that fill whole vectors, and biasActRowAVX2 over the rest of each
// row, so that every value is computed as biasActRowAVX2 computes it.
func biasActRowsAVX2Go(act int, c []float32, ldc, rows int, b []float32) {
	all := len(b)
	if rows == 0 || all == 0 {
		return
	}
	if !vectorRowsAct[act] {
		biasActRowsByRowAVX2(act, c, ldc, rows, b) // tanh, elu, ...: no vector loop
		return
	}
	if ldc < all {
		panic("kernels: biasActRows: overlapping rows")
	}
	_ = c[(rows-1)*ldc+all-1]
	cols := all &^ 7
	if cols > 0 {
		biasActRowsAVX2(&c[0], ldc, rows, &b[0], cols, act)
	}
	if cols == all {
		return
	}
	for r := range rows {
		tail := c[r*ldc+cols : r*ldc+all]
		biasActRowAVX2(act, tail, b[cols:], tail)
	}
}

// copyRowsAVX2Go is copyRows by copyRowsAVX2, which the AVX-512 set uses
// too.
func copyRowsAVX2Go(dst []float32, ds int, src []float32, ss, rows, cols int) {
	if rows == 0 || cols == 0 {
		return
	}
	if cols < 4 || ds < cols || ss < cols {
		copyRowsGeneric(dst, ds, src, ss, rows, cols)
		return
	}
	_, _ = dst[(rows-1)*ds+cols-1], src[(rows-1)*ss+cols-1]
	copyRowsAVX2(&dst[0], 4*ds, &src[0], 4*ss, rows, cols)
}

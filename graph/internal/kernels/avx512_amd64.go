//go:build !purego

package kernels

// The AVX-512 loops, in gemm_kern_amd64.s, taps_amd64.s, taps4_amd64.s,
// bce_amd64.s, elementwise_amd64.s and pool_amd64.s. Each Go wrapper checks
// the bounds of everything the assembly reads or writes.

//go:noescape
func kern8x32avx512(k int, a *float32, rs, ks int, b *float32, bs int, c *float32, ldc int, set bool)

//go:noescape
func tapsAVX512(y *float32, n int, x *float32, offs *int32, w *float32, ntaps int)

//go:noescape
func dots3AVX512(acc *float32, gy *float32, n int, x *float32, o0, o1, o2 int)

//go:noescape
func dotsAVX512(acc *float32, gy *float32, n int, x *float32, offs *int32, ntaps int)

//go:noescape
func taps4AVX512(y *float32, ys, n int, x *float32, offs *int32, w *float32, ws, ntaps int, set bool)

//go:noescape
func bceAVX512(z, y, sig *float32, n int) float32

//go:noescape
func biasActRowsAVX512(c *float32, ldc, rows int, b *float32, cols, act int)

//go:noescape
func sigmoidAVX512(x *float32, b float32, out *float32, n int)

//go:noescape
func lstmCellAVX512(gi, gf, gg, gout, prev, c, tc, h *float32, n int, first bool)

//go:noescape
func tanhAVX512(x *float32, b float32, out *float32, n int)

//go:noescape
func reluGradAVX512(y, gy, out *float32, n int)

//go:noescape
func biasActAVX512(x *float32, b float32, out *float32, n int, relu bool)

//go:noescape
func sumAVX512(x *float32, n int) float32

//go:noescape
func pair2x2RowAVX512(r0, r1, out *float32, cols int, sum bool)

//go:noescape
func maxPoolGrad2x2RowAVX512(r0, r1, gy, d0, d1 *float32, cols int)

//go:noescape
func upsample2x2RowAVX512(x, d0, d1 *float32, cols int)

//go:noescape
func poolWinRowAVX512(r0, r1, y *float32, win *uint8, cols int, relu bool)

//go:noescape
func poolScatterRowAVX512(win *uint8, gp, d0, d1 *float32, cols int)

// avx512Set is the AVX-512 set; it needs AVX512F, AVX512DQ and BMI2.
var avx512Set = kernelSet{
	name: "avx512",
	mr:   8, nr: 32,
	gemm: func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
		if k == 0 {
			return
		}
		// the last elements read, so that a bad stride fails here
		_, _ = a[7*rs+(k-1)*ks], b[(k-1)*bs+31]
		_ = c[7*ldc+31]
		kern8x32avx512(k, &a[0], 4*rs, 4*ks, &b[0], 4*bs, &c[0], ldc, false)
	},
	gemmSet: func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int) {
		if k == 0 {
			for i := range 8 {
				clear(c[i*ldc : i*ldc+32])
			}
			return
		}
		_, _ = a[7*rs+(k-1)*ks], b[(k-1)*bs+31]
		_ = c[7*ldc+31]
		kern8x32avx512(k, &a[0], 4*rs, 4*ks, &b[0], 4*bs, &c[0], ldc, true)
	},
	taps: func(y []float32, n int, x []float32, offs []int32, w []float32) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps(y, n, x, offs, w)
		tapsAVX512(&y[0], n&^15, &x[0], &offs[0], &w[0], len(offs))
	},
	taps4: func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps4(y, ys, n, x, offs, w, ws)
		taps4AVX512(&y[0], 4*ys, n&^15, &x[0], &offs[0], &w[0], 4*ws, len(offs), false)
	},
	taps4Set: func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkTaps4(y, ys, n, x, offs, w, ws)
		taps4AVX512(&y[0], 4*ys, n&^15, &x[0], &offs[0], &w[0], 4*ws, len(offs), true)
	},
	dots: func(acc, g []float32, n int, x []float32, offs []int32) {
		if n == 0 || len(offs) == 0 {
			return
		}
		checkDots(acc, g, n, x, offs)
		t := 0
		for ; t+3 <= len(offs); t += 3 {
			dots3AVX512(&acc[16*t], &g[0], n&^15, &x[0], int(offs[t]), int(offs[t+1]), int(offs[t+2]))
		}
		if t < len(offs) {
			dotsAVX512(&acc[16*t], &g[0], n&^15, &x[0], &offs[t], len(offs)-t)
		}
	},
	bce: func(z, y, sig []float32) float32 {
		n := len(z) &^ 15
		var s float32
		if n > 0 {
			_, _ = y[n-1], sig[n-1]
			s = bceAVX512(&z[0], &y[0], &sig[0], n)
		}
		return s + bceGeneric(z[n:], y[n:], sig[n:])
	},
	reluGrad: func(y, g, out []float32) {
		n := len(y) &^ 15
		if n > 0 {
			_, _ = g[n-1], out[n-1]
			reluGradAVX512(&y[0], &g[0], &out[0], n)
		}
		reluGradGeneric(y[n:], g[n:], out[n:])
	},
	biasActPlane: func(act int, x []float32, b float32, out []float32) {
		n := len(x) &^ 15
		switch act {
		case ActSigmoid:
			sigmoidAVX512Plane(x, b, out)
			return
		case ActTanh:
			vectorPlane(16, tanhAVX512, x, b, out)
			return
		case ActLinear, ActReLU:
		default:
			biasActScalar(act, x, b, out) // elu, ...: no vector loop
			return
		}
		if n > 0 {
			_ = out[n-1]
			biasActAVX512(&x[0], b, &out[0], n, act == ActReLU)
		}
		biasActScalar(act, x[n:], b, out[n:])
	},
	biasActRow: biasRowVector(16, biasRowAVX512, func(act int, x []float32, b float32, out []float32) {
		if act == ActSigmoid {
			sigmoidAVX512Plane(x, b, out)
			return
		}
		biasActScalar(act, x, b, out) // only the sigmoid comes here
	}),
	adam:     adamVector(16, adamAVX512),
	lstmCell: vectorCell(16, lstmCellAVX512),
	biasActRows: func(act int, c []float32, ldc, rows int, b []float32) {
		cols := len(b)
		if rows == 0 || cols == 0 {
			return
		}
		if !vectorRowsAct[act] {
			genericSet.biasActRows(act, c, ldc, rows, b) // tanh, elu, ...: no vector loop
			return
		}
		if ldc < cols {
			panic("kernels: biasActRows: overlapping rows")
		}
		_ = c[(rows-1)*ldc+cols-1]
		biasActRowsAVX512(&c[0], ldc, rows, &b[0], cols, act)
	},
	dotsTile: dotsTileVector(16, dotsTileAVX512),
	copyRows: copyRowsAVX2Go, // the AVX2 loop: copies gain nothing from wider vectors here
	sum: func(x []float32) float32 {
		n := len(x) &^ 15
		var s float32
		if n > 0 {
			s = sumAVX512(&x[0], n)
		}
		for _, v := range x[n:] {
			s += v
		}
		return s
	},
	maxPool2x2Row: func(r0, r1, out []float32) {
		if cols := len(out); cols > 0 {
			_, _ = r0[2*cols-1], r1[2*cols-1]
			pair2x2RowAVX512(&r0[0], &r1[0], &out[0], cols, false)
		}
	},
	maxPoolGrad2x2Row: func(r0, r1, g, d0, d1 []float32) {
		if cols := len(g); cols > 0 {
			_, _, _, _ = r0[2*cols-1], r1[2*cols-1], d0[2*cols-1], d1[2*cols-1]
			maxPoolGrad2x2RowAVX512(&r0[0], &r1[0], &g[0], &d0[0], &d1[0], cols)
		}
	},
	upsample2x2Row: func(x, d0, d1 []float32) {
		if cols := len(x); cols > 0 {
			_, _ = d0[2*cols-1], d1[2*cols-1]
			upsample2x2RowAVX512(&x[0], &d0[0], &d1[0], cols)
		}
	},
	upsampleGrad2x2Row: func(r0, r1, out []float32) {
		if cols := len(out); cols > 0 {
			_, _ = r0[2*cols-1], r1[2*cols-1]
			pair2x2RowAVX512(&r0[0], &r1[0], &out[0], cols, true)
		}
	},
	poolWinRow: poolWinRowAVX512Go,
	// rows of 8 windows or more by the AVX2 plane loop, as for
	// poolScatterPlane below
	poolWinPlane: poolWinPlaneAVX2Go(poolWinRowAVX512Go),
	// the AVX2 zips: the AVX-512 ones store part rows under masks, which
	// AMD cores do slowly
	zipRows:          zipRowsChecked(zipRowsAVX2),
	unzipRows:        unzipRowsChecked(unzipRowsAVX2),
	poolPhases:       poolPhasesVector(16, poolPhasesAVX512),
	wgIn:             wgInVector(16, wgInAVX512),
	wgOut:            wgOutVector(16, wgOutAVX512),
	wgGradRow:        wgGradRowVector(16, wgGradRowAVX512),
	poolScatterRow:   poolScatterRowAVX512Go,
	poolScatterPlane: poolScatterPlaneAVX2Go(poolScatterRowAVX512Go),
}

// poolWinRowAVX512Go is the AVX-512 set's poolWinRow, masked.
func poolWinRowAVX512Go(r0, r1, y []float32, win []uint8, relu bool) {
	if cols := len(y); cols > 0 {
		_, _, _ = r0[2*cols-1], r1[2*cols-1], win[cols-1]
		poolWinRowAVX512(&r0[0], &r1[0], &y[0], &win[0], cols, relu)
	}
}

// poolScatterRowAVX512Go is the AVX-512 set's poolScatterRow, masked. Its
// poolScatterPlane takes it for rows of fewer than 4 windows only: longer
// ones go to the AVX2 plane loops, whose whole blocks AMD cores store
// faster than masked part rows.
func poolScatterRowAVX512Go(win []uint8, g, d0, d1 []float32) {
	cols := len(win)
	if cols > 0 {
		_, _, _ = g[cols-1], d0[2*cols-1], d1[2*cols-1]
		poolScatterRowAVX512(&win[0], &g[0], &d0[0], &d1[0], cols)
	}
}

// sigmoidAVX512Plane sets out = sigmoid(x + b), every value through the
// vector loop (vectorPlane).
func sigmoidAVX512Plane(x []float32, b float32, out []float32) {
	vectorPlane(16, sigmoidAVX512, x, b, out)
}

//go:build !purego

package kernels

//go:noescape
func wgInAVX512(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)

//go:noescape
func wgOutAVX512(y *float32, ys int, m *float32, ms int, n int)

//go:noescape
func wgGradRowAVX512(m *float32, ms int, a, b *float32, ps int, alpha, beta float32, n int)

//go:noescape
func wgInAVX2(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)

//go:noescape
func wgOutAVX2(y *float32, ys int, m *float32, ms int, n int)

//go:noescape
func wgGradRowAVX2(m *float32, ms int, a, b *float32, ps int, alpha, beta float32, n int)

// wgInVector returns the wgIn of a set whose loop vec takes lanes
// positions a step, after the bounds checks that it does not make.
func wgInVector(lanes int, vec func(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)) func(v []float32, vs int, x []float32, a, b, ps int, sgn float32, n int) {
	return func(v []float32, vs int, x []float32, a, b, ps int, sgn float32, n int) {
		if n == 0 {
			return
		}
		if n%lanes != 0 || vs < n || ps < 0 {
			panic("kernels: wgIn: n not in whole vectors or overlapping planes")
		}
		_, _, _ = v[3*vs+n-1], x[a+ps+n], x[b+ps+n]
		vec(&v[0], vs, &x[a], &x[b], ps, sgn, n)
	}
}

// wgOutVector returns the wgOut of a set whose loop vec takes lanes
// positions a step, after the bounds checks that it does not make.
func wgOutVector(lanes int, vec func(y *float32, ys int, m *float32, ms int, n int)) func(y []float32, ys int, m []float32, ms, n int) {
	return func(y []float32, ys int, m []float32, ms, n int) {
		if n == 0 {
			return
		}
		if n%lanes != 0 || ys < n || ms < n {
			panic("kernels: wgOut: n not in whole vectors or overlapping planes")
		}
		_, _ = y[3*ys+n-1], m[15*ms+n-1]
		vec(&y[0], ys, &m[0], ms, n)
	}
}

// wgGradRowVector returns the wgGradRow of a set whose loop vec takes
// lanes positions a step, after the bounds checks that it does not make.
func wgGradRowVector(lanes int, vec func(m *float32, ms int, a, b *float32, ps int, alpha, beta float32, n int)) func(m []float32, ms int, y []float32, a, b, ps int, alpha, beta float32, n int) {
	return func(m []float32, ms int, y []float32, a, b, ps int, alpha, beta float32, n int) {
		if n == 0 {
			return
		}
		if n%lanes != 0 || ms < n || ps < n {
			panic("kernels: wgGradRow: n not in whole vectors or overlapping planes")
		}
		_, _, _ = m[3*ms+n-1], y[a+ps+n-1], y[b+ps+n-1]
		vec(&m[0], ms, &y[a], &y[b], ps, alpha, beta, n)
	}
}

//go:noescape
func zipRowsAVX2(d *float32, ds int, ev, od *float32, ss, rows, cols int)

//go:noescape
func unzipRowsAVX2(ev, od *float32, ds int, s *float32, ss, rows, cols int)

// zipRowsChecked returns the zipRows of a set's loop vec, after the
// bounds checks that it does not make.
func zipRowsChecked(vec func(d *float32, ds int, ev, od *float32, ss, rows, cols int)) func(d []float32, ds int, ev, od []float32, ss, rows, cols int) {
	return func(d []float32, ds int, ev, od []float32, ss, rows, cols int) {
		if rows <= 0 || cols <= 0 {
			return
		}
		if ds < cols || 2*ss < cols {
			panic("kernels: zipRows: overlapping rows")
		}
		_, _ = d[(rows-1)*ds+cols-1], ev[(rows-1)*ss+(cols-1)/2]
		op := &ev[0] // od is not read for one column
		if cols > 1 {
			_ = od[(rows-1)*ss+cols/2-1]
			op = &od[0]
		}
		vec(&d[0], ds, &ev[0], op, ss, rows, cols)
	}
}

// unzipRowsChecked returns the unzipRows of a set's loop vec, after the
// bounds checks that it does not make.
func unzipRowsChecked(vec func(ev, od *float32, ds int, s *float32, ss, rows, cols int)) func(ev, od []float32, ds int, s []float32, ss, rows, cols int) {
	return func(ev, od []float32, ds int, s []float32, ss, rows, cols int) {
		if rows <= 0 || cols <= 0 {
			return
		}
		if ss < cols || 2*ds < cols {
			panic("kernels: unzipRows: overlapping rows")
		}
		_, _ = s[(rows-1)*ss+cols-1], ev[(rows-1)*ds+(cols-1)/2]
		op := &ev[0] // od is not written for one column
		if cols > 1 {
			_ = od[(rows-1)*ds+cols/2-1]
			op = &od[0]
		}
		vec(&ev[0], op, ds, &s[0], ss, rows, cols)
	}
}

//go:noescape
func poolPhasesAVX512(a, b, c, d, y *float32, win *uint8, n int, relu bool)

//go:noescape
func poolPhasesAVX2(a, b, c, d, y *float32, win *uint8, n int, relu bool)

// poolPhasesVector returns the poolPhases of a set whose loop vec takes
// lanes positions a step; the positions past the last whole step go to
// the generic loop.
func poolPhasesVector(lanes int, vec func(a, b, c, d, y *float32, win *uint8, n int, relu bool)) func(a, b, c, d, y []float32, win []uint8, relu bool) {
	return func(a, b, c, d, y []float32, win []uint8, relu bool) {
		n := len(y) &^ (lanes - 1)
		if n > 0 {
			_, _, _, _, _ = a[n-1], b[n-1], c[n-1], d[n-1], win[n-1]
			vec(&a[0], &b[0], &c[0], &d[0], &y[0], &win[0], n, relu)
		}
		poolPhasesGeneric(a[n:], b[n:], c[n:], d[n:], y[n:], win[n:], relu)
	}
}

//go:build !purego

package kernels

//go:noescape
func wgInAVX512(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)

//go:noescape
func wgOutAVX512(y *float32, ys int, m *float32, ms int, n int)

//go:noescape
func wgGradOutAVX512(m *float32, ms int, y *float32, ys int, n int)

//go:noescape
func wgInAVX2(v *float32, vs int, a, b *float32, ps int, sgn float32, n int)

//go:noescape
func wgOutAVX2(y *float32, ys int, m *float32, ms int, n int)

//go:noescape
func wgGradOutAVX2(m *float32, ms int, y *float32, ys int, n int)

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

// wgPhasesVector returns the wgOut or wgGradOut of a set whose loop vec
// takes lanes positions a step, reading 16 planes ms apart and writing 4
// planes ys apart (wgOut) or the other way round (wgGradOut, fromFour).
func wgPhasesVector(lanes int, fromFour bool, vec func(d *float32, ds int, s *float32, ss int, n int)) func(d []float32, ds int, s []float32, ss, n int) {
	return func(d []float32, ds int, s []float32, ss, n int) {
		if n == 0 {
			return
		}
		if n%lanes != 0 || ds < n || ss < n {
			panic("kernels: F(2×2, 3×3) transform: n not in whole vectors or overlapping planes")
		}
		dn, sn := 3, 15
		if fromFour {
			dn, sn = 15, 3
		}
		_, _ = d[dn*ds+n-1], s[sn*ss+n-1]
		vec(&d[0], ds, &s[0], ss, n)
	}
}

//go:noescape
func zipRowsAVX512(d *float32, ds int, ev, od *float32, ss, rows, cols int)

//go:noescape
func unzipRowsAVX512(ev, od *float32, ds int, s *float32, ss, rows, cols int)

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

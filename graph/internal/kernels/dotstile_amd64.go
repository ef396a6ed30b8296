//go:build !purego

package kernels

//go:noescape
func dotsTileAVX512(part *float32, ldp, outs int, gy *float32, gs, n int, x *float32, o0, o1, o2 int)

// dotsTileVector returns the dotsTile of a set whose tile kernel vec takes
// three taps at a time over lanes positions per step. The last one or two
// taps go through it with the last tap repeated, into a buffer.
func dotsTileVector(lanes int, vec func(part *float32, ldp, outs int, gy *float32, gs, n int, x *float32, o0, o1, o2 int)) func(part []float32, ldp, outs int, g []float32, gs, n int, x []float32, offs []int32) {
	return func(part []float32, ldp, outs int, g []float32, gs, n int, x []float32, offs []int32) {
		if n == 0 || outs == 0 || len(offs) == 0 {
			return
		}
		if outs%4 != 0 || n%lanes != 0 || ldp < outs || gs < n {
			panic("kernels: dotsTile: outputs not in fours, n not in whole vectors or overlapping rows")
		}
		_, _ = part[(len(offs)-1)*ldp+outs-1], g[(outs-1)*gs+n-1]
		for _, off := range offs {
			_, _ = x[off], x[int(off)+n-1]
		}
		t := 0
		for ; t+3 <= len(offs); t += 3 {
			vec(&part[t*ldp], 4*ldp, outs, &g[0], 4*gs, n, &x[0], int(offs[t]), int(offs[t+1]), int(offs[t+2]))
		}
		if t == len(offs) {
			return
		}
		last := int(offs[len(offs)-1])
		o1 := last
		if t+1 < len(offs) {
			o1 = int(offs[t+1])
		}
		var buf [12]float32
		for o := 0; o < outs; o += 4 {
			clear(buf[:])
			vec(&buf[0], 16, 4, &g[o*gs], 4*gs, n, &x[0], int(offs[t]), o1, last)
			for r := 0; t+r < len(offs); r++ {
				row := part[(t+r)*ldp+o : (t+r)*ldp+o+4]
				for j := range row {
					row[j] += buf[4*r+j]
				}
			}
		}
	}
}

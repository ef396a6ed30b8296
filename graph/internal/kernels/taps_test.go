package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestTapsAllSet requires every set's tapsAllSet to give, bit for bit,
// what clearing the planes and adding the sums by tapsAll gives, on stale
// planes, for plane lengths around the unrolled blocks and output counts
// that four does and does not divide.
func TestTapsAllSet(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(15, 16))
		for _, np := range []int{16, 48, 64, 80, 144, 208} {
			for _, outs := range []int{1, 4, 6, 8, 9} {
				offs := []int32{0, 3, 17, 40}
				x := randSlice(rng, int(offs[len(offs)-1])+np)
				w := randSlice(rng, outs*len(offs))
				y := randSlice(rng, outs*np+5)
				want := append([]float32(nil), y...)
				clear(want[:outs*np])
				tapsAll(ks, outs, want, np, x, offs, w)
				tapsAllSet(ks, outs, y[:outs*np], np, x, offs, w)
				for i := range y {
					if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
						t.Fatalf("np %d outs %d: y[%d] = %v, want %v", np, outs, i, y[i], want[i])
					}
				}
			}
		}
	})
}

// TestTaps checks every set's taps, taps4 and dots alone against float64
// sums, on lengths around the vector widths and the unrolled blocks (16,
// 64, 128 outputs) and on tap counts around the three-tap unrolling.
func TestTaps(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(13, 14))
		for _, n := range []int{16, 32, 48, 64, 80, 128, 144, 208, 784} {
			for _, ntaps := range []int{1, 2, 3, 4, 5, 9, 10} {
				t.Run(fmt.Sprintf("n=%d/taps=%d", n, ntaps), func(t *testing.T) {
					offs := make([]int32, ntaps)
					for i := 1; i < ntaps; i++ {
						offs[i] = offs[i-1] + int32(rng.IntN(40))
					}
					x := randSlice(rng, int(offs[ntaps-1])+n+3)
					const ws = 11
					w := randSlice(rng, 3*ws+ntaps)
					ys := n + 5
					y := randSlice(rng, 3*ys+n)
					got := append([]float32(nil), y...)
					ks.taps4(got, ys, n, x, offs, w, ws)
					for o := 0; o < 4; o++ {
						for p := 0; p < n; p++ {
							want := float64(y[o*ys+p])
							for tp, off := range offs {
								want += float64(w[o*ws+tp]) * float64(x[int(off)+p])
							}
							if d := math.Abs(float64(got[o*ys+p]) - want); d > 1e-5*(1+math.Abs(want)) {
								t.Fatalf("taps4: y[%d][%d] = %v, want %v", o, p, got[o*ys+p], want)
							}
						}
						if o < 3 {
							for p := n; p < ys; p++ { // the gap between planes
								if got[o*ys+p] != y[o*ys+p] {
									t.Fatalf("taps4 wrote y[%d][%d], past n", o, p)
								}
							}
						}
					}
					got = append(got[:0], y...)
					ks.taps(got, n, x, offs, w)
					for p := 0; p < len(y); p++ {
						want := float64(y[p])
						if p < n {
							for tp, off := range offs {
								want += float64(w[tp]) * float64(x[int(off)+p])
							}
						}
						if d := math.Abs(float64(got[p]) - want); d > 1e-5*(1+math.Abs(want)) {
							t.Fatalf("taps: y[%d] = %v, want %v", p, got[p], want)
						}
					}
					g := randSlice(rng, n)
					acc := randSlice(rng, 16*ntaps)
					before := append([]float32(nil), acc...)
					ks.dots(acc, g, n, x, offs)
					for tp, off := range offs {
						var want, got float64
						for l := 0; l < 16; l++ {
							want += float64(before[16*tp+l])
							got += float64(acc[16*tp+l])
						}
						for p := 0; p < n; p++ {
							want += float64(g[p]) * float64(x[int(off)+p])
						}
						if d := math.Abs(got - want); d > 1e-5*(1+math.Abs(want)) {
							t.Fatalf("dots: tap %d sums to %v, want %v", tp, got, want)
						}
					}
				})
			}
		}
	})
}

// TestDotsTile checks every set's dotsTile, where it has one, against
// dotsTileGeneric and float64 sums, for tap counts that leave one or two
// taps past the groups of three, and that it writes nothing but the
// tile's cells of part.
func TestDotsTile(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		if ks.dotsTile == nil {
			t.Skip("no dotsTile")
		}
		rng := rand.New(rand.NewPCG(15, 16))
		for _, n := range []int{16, 48, 64, 224, 848} { // whole vectors of every set, as Conv gives it
			for _, outs := range []int{4, 8, 32} {
				for _, ntaps := range []int{1, 2, 3, 4, 5, 9, 10, 11} {
					t.Run(fmt.Sprintf("n=%d/outs=%d/taps=%d", n, outs, ntaps), func(t *testing.T) {
						offs := make([]int32, ntaps)
						offs[0] = int32(rng.IntN(5))
						for i := 1; i < ntaps; i++ {
							offs[i] = offs[i-1] + int32(rng.IntN(40))
						}
						x := randSlice(rng, int(offs[ntaps-1])+n+3)
						gs, ldp := n+3, outs+5
						g := randSlice(rng, (outs-1)*gs+n)
						part := randSlice(rng, (ntaps-1)*ldp+outs)
						got := append([]float32(nil), part...)
						ks.dotsTile(got, ldp, outs, g, gs, n, x, offs)
						ref := append([]float32(nil), part...)
						dotsTileGeneric(ref, ldp, outs, g, gs, n, x, offs)
						for i := range part {
							tp, o := i/ldp, i%ldp
							if o >= outs {
								if got[i] != part[i] {
									t.Fatalf("wrote part[%d], outside the tile", i)
								}
								continue
							}
							want := float64(part[i])
							for p := 0; p < n; p++ {
								want += float64(g[o*gs+p]) * float64(x[int(offs[tp])+p])
							}
							tol := 1e-5 * (1 + math.Abs(want) + math.Sqrt(float64(n)))
							if d := math.Abs(float64(got[i]) - want); d > tol {
								t.Fatalf("tap %d output %d: %v, want %v", tp, o, got[i], want)
							}
							if d := math.Abs(float64(ref[i]) - want); d > tol {
								t.Fatalf("dotsTileGeneric: tap %d output %d: %v, want %v", tp, o, ref[i], want)
							}
						}
					})
				}
			}
		}
	})
}

// TestCopyRows checks every set's copyRows against copyRowsGeneric on
// widths around the vector widths, and that it writes nothing between
// the rows or past the last.
func TestCopyRows(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(17, 18))
		for _, rows := range []int{1, 2, 7} {
			for cols := 1; cols <= 34; cols++ {
				ss, ds := cols+rng.IntN(3), cols+rng.IntN(4)
				src := randSlice(rng, (rows-1)*ss+cols)
				dst := randSlice(rng, (rows-1)*ds+cols+5)
				want := append([]float32(nil), dst...)
				copyRowsGeneric(want, ds, src, ss, rows, cols)
				got := append([]float32(nil), dst...)
				ks.copyRows(got, ds, src, ss, rows, cols)
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("rows=%d cols=%d ss=%d ds=%d: dst[%d] = %v, want %v", rows, cols, ss, ds, i, got[i], want[i])
					}
				}
			}
		}
	})
}

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWinogradShapes: the shapes the conv tests give F(2×2, 3×3) take it,
// and those it does not suit do not.
func TestWinogradShapes(t *testing.T) {
	for _, tc := range []struct {
		g    ConvGeom
		cout int
		want bool
	}{
		{same3(32, 14, 1), 32, true},
		{same3(16, 14, 1), 16, true},
		{ConvGeom{C: 20, H: 11, W: 13, KH: 3, KW: 3, PadT: 1, PadL: 1, OH: 11, OW: 13}, 16, true},
		{ConvGeom{C: 16, H: 12, W: 13, KH: 3, KW: 3, OH: 10, OW: 11}, 20, true},
		{same3(32, 7, 1), 32, false},  // too small
		{same3(8, 14, 1), 32, false},  // too few channels
		{same3(32, 14, 1), 1, false},  // too few filters
		{same3(32, 14, 1), 18, false}, // filters not in fours
		{same3(32, 28, 2), 32, false}, // strided
		{ConvGeom{C: 32, H: 14, W: 14, KH: 5, KW: 5, PadT: 2, PadL: 2, OH: 14, OW: 14}, 32, false},
	} {
		if got := NewConv(tc.g, tc.cout).wf != nil; got != tc.want {
			t.Errorf("%+v, %d filters: F(2×2, 3×3) %v, want %v", tc.g, tc.cout, got, tc.want)
		}
	}
}

// TestWinogradKernels checks each set's transforms and row zips against
// the generic loops, bit for bit, at lengths that end in part vectors.
func TestWinogradKernels(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		if ks.wgIn == nil {
			t.Skip("no transforms in this set")
		}
		rng := rand.New(rand.NewPCG(5, 6))
		for _, n := range []int{16, 64, 208} {
			ps, vs := n+3, n+5
			x := randSlice(rng, 3*ps+n+2)
			for _, sgn := range []float32{1, -1} {
				want, got := make([]float32, 4*vs), make([]float32, 4*vs)
				wgInGeneric(want, vs, x, 1, ps+1, ps, sgn, n)
				ks.wgIn(got, vs, x, 1, ps+1, ps, sgn, n)
				sameBits(t, fmt.Sprintf("wgIn n=%d sgn=%v", n, sgn), got, want)
			}
			m := randSlice(rng, 16*vs)
			want, got := make([]float32, 4*ps), make([]float32, 4*ps)
			wgOutGeneric(want, ps, m, vs, n)
			ks.wgOut(got, ps, m, vs, n)
			sameBits(t, fmt.Sprintf("wgOut n=%d", n), got, want)
			y := randSlice(rng, 4*ps)
			for _, ab := range aRows {
				want, got = make([]float32, 4*vs), make([]float32, 4*vs)
				wgGradRowGeneric(want, vs, y, 1, 2*ps+1, ps, ab[0], ab[1], n)
				ks.wgGradRow(got, vs, y, 1, 2*ps+1, ps, ab[0], ab[1], n)
				sameBits(t, fmt.Sprintf("wgGradRow n=%d %v", n, ab), got, want)
			}
		}
		for _, n := range []int{5, 16, 40, 77} {
			var in [4][]float32
			for i := range in {
				in[i] = randSlice(rng, n)
				for p := range in[i] {
					switch p % 7 {
					case 0:
						in[i][p] = 0.5 // ties between cells
					case 1:
						in[i][p] = -1 - float32(i) // windows not positive
					}
				}
			}
			for _, relu := range []bool{false, true} {
				want, got := make([]float32, n), make([]float32, n)
				wantWin, gotWin := make([]uint8, n), make([]uint8, n)
				poolPhasesGeneric(in[0], in[1], in[2], in[3], want, wantWin, relu)
				ks.poolPhases(in[0], in[1], in[2], in[3], got, gotWin, relu)
				sameBits(t, fmt.Sprintf("poolPhases n=%d relu=%v", n, relu), got, want)
				if !slices.Equal(gotWin, wantWin) {
					t.Fatalf("poolPhases n=%d relu=%v: winners %v, want %v", n, relu, gotWin, wantWin)
				}
			}
		}
		for _, cols := range []int{1, 2, 7, 14, 16, 17, 31, 32, 33, 70} {
			rows, ss, ds := 3, (cols+1)/2+2, cols+3
			ev, od := randSlice(rng, rows*ss), randSlice(rng, rows*ss)
			want, got := randSlice(rng, rows*ds), make([]float32, rows*ds)
			copy(got, want)
			zipRowsGeneric(want, ds, ev, od, ss, rows, cols)
			ks.zipRows(got, ds, ev, od, ss, rows, cols)
			sameBits(t, fmt.Sprintf("zipRows cols=%d", cols), got, want)
			src := randSlice(rng, rows*ds)
			wantE, wantO := randSlice(rng, rows*ss), randSlice(rng, rows*ss)
			gotE, gotO := slices.Clone(wantE), slices.Clone(wantO)
			unzipRowsGeneric(wantE, wantO, ss, src, ds, rows, cols)
			ks.unzipRows(gotE, gotO, ss, src, ds, rows, cols)
			sameBits(t, fmt.Sprintf("unzipRows even cols=%d", cols), gotE, wantE)
			sameBits(t, fmt.Sprintf("unzipRows odd cols=%d", cols), gotO, wantO)
		}
	})
}

// TestWinogradWorkers: the three passes by F(2×2, 3×3) give the same bits
// for any number of workers, and a kernel gradient adds to dw.
func TestWinogradWorkers(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		g, n, cout := same3(16, 14, 1), 9, 16
		rng := rand.New(rand.NewPCG(7, 8))
		x, w := randSlice(rng, n*g.C*g.H*g.W), randSlice(rng, cout*g.C*9)
		gy := randSlice(rng, n*cout*g.OH*g.OW)
		dw0 := randSlice(rng, len(w))
		var ref [3][]float32
		for _, workers := range []int{1, 2, 3} {
			SetWorkers(workers)
			conv := NewConv(g, cout)
			y, dx, dw := make([]float32, len(gy)), make([]float32, len(x)), slices.Clone(dw0)
			conv.Forward(n, x, w, y)
			conv.GradInput(n, w, gy, dx)
			conv.GradKernel(n, x, gy, dw)
			if workers == 1 {
				ref = [3][]float32{y, dx, dw}
				direct := NewConv(g, cout)
				direct.direct()
				want := make([]float32, len(w))
				direct.GradKernel(n, x, gy, want)
				for i := range want {
					want[i] += dw0[i]
				}
				closeTo(t, "dw", dw, want, 1e-4)
				continue
			}
			for i, got := range [3][]float32{y, dx, dw} {
				sameBits(t, fmt.Sprintf("%d workers, pass %d", workers, i), got, ref[i])
			}
		}
	})
}

// TestWinogradStaleSlots: a short last chunk of the kernel gradient does
// not read what an earlier call left in its scratch: after a call whose
// input holds a NaN, a clean call gives the clean gradient.
func TestWinogradStaleSlots(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	SetWorkers(1)
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		g, cout := same3(16, 14, 1), 16
		rng := rand.New(rand.NewPCG(9, 10))
		w := randSlice(rng, cout*g.C*9)
		x, gy := randSlice(rng, 8*g.C*g.H*g.W), randSlice(rng, 8*cout*g.OH*g.OW)
		conv := NewConv(g, cout)
		dirty := slices.Clone(x)
		dirty[5*g.C*g.H*g.W+7] = float32(math.NaN()) // image 5
		conv.GradKernel(8, dirty, gy, make([]float32, len(w)))
		// one image: a short chunk on the scratch that held images 4-7
		got, want := make([]float32, len(w)), make([]float32, len(w))
		conv.GradKernel(1, x, gy, got)
		NewConv(g, cout).GradKernel(1, x, gy, want)
		sameBits(t, "kernel gradient after a NaN", got, want)
	})
}

func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: value %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

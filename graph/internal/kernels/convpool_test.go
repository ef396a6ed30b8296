package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestConvPool requires ForwardPool and PoolScatter to give, bit for bit,
// what the convolution with its bias and activation, MaxPool, MaxPoolGrad
// and the activation's gradient give one after the other, for relu and
// linear, under every kernel set and with several workers, on inputs with
// ties and all-negative windows; GradKernelPooled and GradInputPooled the
// kernel and input gradients of the scattered gradient bit for bit (by
// F(2×2, 3×3), directly, by output phases after upsampling and with a pad
// wider than the kernel), and PooledBiasGrad its bias gradient. After
// upsampling, the pooled values are those of the convolution to rounding.
func TestConvPool(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		for _, tc := range []struct{ n, c, h, cout, stride, pad int }{
			{3, 1, 28, 16, 1, 1}, {2, 16, 14, 1, 1, 1}, {2, 8, 12, 8, 1, 1}, {2, 3, 16, 4, 2, 1}, {5, 16, 14, 16, 1, 1},
			{2, 2, 12, 3, 1, 3}, // pad 3 > 2: GradInputPooled through a scattered gradient
		} {
			g := ConvGeom{C: tc.c, H: tc.h, W: tc.h, KH: 3, KW: 3, PadT: tc.pad, PadL: tc.pad, SH: tc.stride, SW: tc.stride}
			g.OH = (tc.h+2*tc.pad-3)/tc.stride + 1
			g.OW = g.OH
			checkConvPoolActs(t, fmt.Sprintf("%+v", tc), tc.n, g, tc.cout, NewConv)
		}
		// upsampled inputs, 14×14 to 28×28, by output phases, and 8×8 to
		// 16×16 by F(2×2, 3×3) or directly
		for _, tc := range []struct{ n, c, h, cout int }{{2, 16, 28, 1}, {2, 8, 16, 8}} {
			g := ConvGeom{C: tc.c, H: tc.h, W: tc.h, KH: 3, KW: 3, PadT: 1, PadL: 1, OH: tc.h, OW: tc.h, SH: 1, SW: 1}
			checkConvPoolActs(t, fmt.Sprintf("up%+v", tc), tc.n, g, tc.cout, NewConvUp)
		}
	})
}

func checkConvPoolActs(t *testing.T, name string, n int, g ConvGeom, cout int, newConv func(ConvGeom, int) *Conv) {
	for _, act := range []int{ActReLU, ActLinear} {
		t.Run(fmt.Sprintf("%s/act%d", name, act), func(t *testing.T) {
			checkConvPool(t, n, g, cout, act, newConv)
		})
	}
}

func checkConvPool(t *testing.T, n int, g ConvGeom, cout, act int, newConv func(ConvGeom, int) *Conv) {
	rng := rand.New(rand.NewPCG(uint64(g.C), uint64(g.H)))
	up := newConv(g, cout).Up
	x, w, b := randSlice(rng, n*g.C*(g.H/up)*(g.W/up)), randSlice(rng, cout*g.C*9), randSlice(rng, cout)
	for i := range x {
		if i%5 == 0 {
			x[i] = 0 // ties: windows of equal values
		}
	}
	b[0] = -100 // every window of filter 0 negative before the relu
	ohw := g.OH * g.OW
	ph, pw := g.OH/2, g.OW/2
	pool := PoolGeom{H: g.OH, W: g.OW, KH: 2, KW: 2, SH: 2, SW: 2, OH: ph, OW: pw}
	gp := randSlice(rng, n*cout*ph*pw)

	SetWorkers(1)
	z := make([]float32, n*cout*ohw)
	newConv(g, cout).ForwardBiasAct(n, x, w, b, act, z)
	want := make([]float32, len(gp))
	MaxPool(pool, n*cout, z, want)
	wantGz := make([]float32, len(z))
	MaxPoolGrad(pool, n*cout, z, gp, wantGz)
	ActGrad(act, z, wantGz, wantGz)
	wantDw := make([]float32, len(w))
	newConv(g, cout).GradKernel(n, x, wantGz, wantDw)
	wantDb := make([]float32, cout)
	BiasGrad(cout, ohw, wantGz, wantDb)
	wantDx := make([]float32, len(x))
	newConv(g, cout).GradInput(n, w, wantGz, wantDx)

	var firstDb []float32
	for _, workers := range []int{1, 2, 3} {
		SetWorkers(workers)
		y, win := randSlice(rng, len(want)), make([]uint8, len(want))
		newConv(g, cout).ForwardPool(n, x, w, b, act, y, win)
		gz := randSlice(rng, len(z))
		PoolScatter(n*cout, g.OH, g.OW, win, gp, gz)
		if up != 1 {
			// ForwardPool reads the upsampled input directly, not by
			// output phases: the same sums in another order
			closeTo(t, "pooled value", y, want, 1e-5)
		}
		for i := range y {
			if up == 1 && math.Float32bits(y[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%d workers: pooled value %d is %v, want %v", workers, i, y[i], want[i])
			}
		}
		for i := range gz {
			if math.Float32bits(gz[i]) != math.Float32bits(wantGz[i]) {
				t.Fatalf("%d workers: gradient %d is %v, want %v", workers, i, gz[i], wantGz[i])
			}
		}
		// the kernel gradient straight from the pooled one: the same
		// products of the same values
		dw := make([]float32, len(w))
		newConv(g, cout).GradKernelPooled(n, x, win, gp, dw)
		for i := range dw {
			if math.Float32bits(dw[i]) != math.Float32bits(wantDw[i]) {
				t.Fatalf("%d workers: pooled kernel gradient %d is %v, want %v", workers, i, dw[i], wantDw[i])
			}
		}
		// the input gradient likewise
		dx := randSlice(rng, len(x))
		newConv(g, cout).GradInputPooled(n, w, win, gp, dx)
		for i := range dx {
			if math.Float32bits(dx[i]) != math.Float32bits(wantDx[i]) {
				t.Fatalf("%d workers: pooled input gradient %d is %v, want %v", workers, i, dx[i], wantDx[i])
			}
		}
		// the bias gradient: the same sums in another order, the same
		// for any worker count
		db := make([]float32, cout)
		PooledBiasGrad(n, cout, ph*pw, act, y, gp, db)
		closeTo(t, "pooled bias gradient", db, wantDb, 1e-5)
		if firstDb == nil {
			firstDb = db
		}
		for i := range db {
			if math.Float32bits(db[i]) != math.Float32bits(firstDb[i]) {
				t.Fatalf("%d workers: pooled bias gradient %d is %v, want %v", workers, i, db[i], firstDb[i])
			}
		}
	}
}

// TestPoolWinRows compares every set's fused pooling rows with the generic
// ones on lengths around the vector width, with ties, negative windows and
// the four winners.
func TestPoolWinRows(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(11, 12))
		for cols := 0; cols <= 40; cols++ {
			r0, r1 := randSlice(rng, 2*cols), randSlice(rng, 2*cols)
			for i := 0; i < 2*cols; i += 3 {
				r1[i] = r0[i] // ties
			}
			for _, relu := range []bool{true, false} {
				y, win := make([]float32, cols), make([]uint8, cols)
				wy, wwin := make([]float32, cols), make([]uint8, cols)
				ks.poolWinRow(r0, r1, y, win, relu)
				poolWinRowGeneric(r0, r1, wy, wwin, relu)
				closeTo(t, "poolWinRow", y, wy, 0)
				for j := range win {
					if win[j] != wwin[j] {
						t.Fatalf("cols %d relu %v: win[%d] = %d, want %d", cols, relu, j, win[j], wwin[j])
					}
				}
				g := randSlice(rng, cols)
				d0, d1 := randSlice(rng, 2*cols), randSlice(rng, 2*cols)
				w0, w1 := make([]float32, 2*cols), make([]float32, 2*cols)
				ks.poolScatterRow(win, g, d0, d1)
				poolScatterRowGeneric(win, g, w0, w1)
				closeTo(t, "poolScatterRow d0", d0, w0, 0)
				closeTo(t, "poolScatterRow d1", d1, w1, 0)
			}
		}
	})
}

// TestPoolWinPlane compares every set's poolWinPlane with the generic rows
// bit for bit, maxima and winners, on planes of 1 to 41 windows a row, 1
// to 3 rows, input rows with and without a gap, ties and windows that are
// not positive, and requires the cells past the outputs to stay as they
// were.
func TestPoolWinPlane(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(15, 16))
		for cols := 1; cols <= 41; cols++ {
			for rows := 1; rows <= 3; rows++ {
				for _, gap := range []int{0, 3} {
					for _, relu := range []bool{true, false} {
						checkPoolWinPlane(t, ks, rng, rows, cols, 2*cols+gap, relu)
					}
				}
			}
		}
	})
}

func checkPoolWinPlane(t *testing.T, ks *kernelSet, rng *rand.Rand, rows, cols, ld int, relu bool) {
	t.Helper()
	x := randSlice(rng, 2*rows*ld)
	for i := 0; i+ld < len(x); i += 3 {
		x[i+ld] = x[i] // ties between the rows
	}
	y, win := randSlice(rng, rows*cols+5), make([]uint8, rows*cols+5)
	for j := range win {
		win[j] = 9
	}
	wy, wwin := append([]float32(nil), y...), append([]uint8(nil), win...)
	for r := 0; r < rows; r++ {
		at := r * cols
		poolWinRowGeneric(x[2*r*ld:][:2*cols], x[(2*r+1)*ld:][:2*cols], wy[at:at+cols], wwin[at:at+cols], relu)
	}
	ks.poolWinPlane(x, ld, y, win, rows, cols, relu)
	for j := range y {
		if math.Float32bits(y[j]) != math.Float32bits(wy[j]) || win[j] != wwin[j] {
			t.Fatalf("cols %d rows %d ld %d relu %v: window %d = %v, %d, want %v, %d",
				cols, rows, ld, relu, j, y[j], win[j], wy[j], wwin[j])
		}
	}
}

// TestPoolScatterPlane compares every set's poolScatterPlane with the
// generic rows bit for bit, on planes of 1 to 41 windows a row, 1 to 3
// rows and output rows with and without a gap, and requires the cells
// outside the output rows to stay as they were.
func TestPoolScatterPlane(t *testing.T) {
	forEachSet(t, func(t *testing.T, ks *kernelSet) {
		rng := rand.New(rand.NewPCG(13, 14))
		for cols := 1; cols <= 41; cols++ {
			for rows := 1; rows <= 3; rows++ {
				for _, gap := range []int{0, 3} {
					ld := 2*cols + gap
					win := make([]uint8, rows*cols)
					for j := range win {
						win[j] = uint8(rng.IntN(NoWin + 1))
					}
					g := randSlice(rng, rows*cols)
					d := randSlice(rng, 2*rows*ld+5)
					want := append([]float32(nil), d...)
					for r := 0; r < rows; r++ {
						at := r * cols
						poolScatterRowGeneric(win[at:at+cols], g[at:at+cols], want[2*r*ld:][:2*cols], want[(2*r+1)*ld:][:2*cols])
					}
					ks.poolScatterPlane(win, g, d, rows, cols, ld)
					for j := range d {
						if math.Float32bits(d[j]) != math.Float32bits(want[j]) {
							t.Fatalf("cols %d rows %d ld %d: d[%d] = %v, want %v", cols, rows, ld, j, d[j], want[j])
						}
					}
				}
			}
		}
	})
}

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestConvUp requires the convolution of an upsampled input (NewConvUp) to
// give, bit for bit, what Upsample followed by the convolution gives, and
// its input gradient what the convolution's input gradient followed by
// UpsampleGrad gives, its kernel gradient the same, under every kernel set
// and with several workers; by output phases, the same to rounding, and
// bit for bit whatever the number of workers.
func TestConvUp(t *testing.T) {
	defer SetWorkers(int(workersSet.Load()))
	forEachSet(t, func(t *testing.T, _ *kernelSet) {
		for _, tc := range []struct {
			n, c, h, w, cout int
			valid            bool
		}{
			{3, 1, 7, 7, 16, false}, {2, 16, 14, 14, 1, false}, {2, 8, 8, 8, 8, false}, {2, 8, 8, 8, 16, true},
			{2, 32, 7, 7, 32, false}, {5, 16, 6, 6, 16, true},
			{3, 3, 7, 10, 5, false}, {2, 5, 9, 7, 3, false}, // by output phases, not square
		} {
			t.Run(fmt.Sprintf("%+v", tc), func(t *testing.T) {
				checkConvUp(t, tc.n, tc.c, tc.h, tc.w, tc.cout, tc.valid)
			})
		}
	})
}

func checkConvUp(t *testing.T, n, c, h, wd, cout int, valid bool) {
	rng := rand.New(rand.NewPCG(uint64(c), uint64(h)))
	H, W := 2*h, 2*wd
	g := ConvGeom{C: c, H: H, W: W, KH: 3, KW: 3, PadT: 1, PadL: 1, OH: H, OW: W}
	if valid {
		g.PadT, g.PadL, g.OH, g.OW = 0, 0, H-2, W-2
	}
	x, w, b := randSlice(rng, n*c*h*wd), randSlice(rng, cout*c*9), randSlice(rng, cout)
	gy := randSlice(rng, n*cout*g.OH*g.OW)

	SetWorkers(1)
	up := make([]float32, n*c*H*W)
	Upsample(n*c, h, wd, 2, 2, x, up)
	plain := NewConv(g, cout)
	wantY := make([]float32, len(gy))
	plain.ForwardBiasAct(n, up, w, b, ActReLU, wantY)
	dUp := make([]float32, len(up))
	plain.GradInput(n, w, gy, dUp)
	wantDx := make([]float32, len(x))
	UpsampleGrad(n*c, h, wd, 2, 2, dUp, wantDx)
	wantDw := make([]float32, len(w))
	plain.GradKernel(n, up, gy, wantDw)

	var first [3][]float32
	for _, workers := range []int{1, 2, 3} {
		SetWorkers(workers)
		conv := NewConvUp(g, cout)
		// a first round on other data: what it leaves in the scratch
		// must not reach the next round's values
		other := randSlice(rng, len(x))
		conv.GradKernel(n, other, randSlice(rng, len(gy)), make([]float32, len(w)))
		conv.ForwardBiasAct(n, other, w, b, ActReLU, randSlice(rng, len(gy)))
		conv.GradInput(n, w, randSlice(rng, len(gy)), other)
		y := randSlice(rng, len(gy))
		conv.ForwardBiasAct(n, x, w, b, ActReLU, y)
		dx := randSlice(rng, len(x))
		conv.GradInput(n, w, gy, dx)
		dw := make([]float32, len(w))
		conv.GradKernel(n, x, gy, dw)
		got := [3][]float32{y, dx, dw}
		if workers == 1 {
			first = got
		}
		for k, name := range []string{"output", "input gradient", "kernel gradient"} {
			want := [3][]float32{wantY, wantDx, wantDw}[k]
			if conv.byPhases() {
				// the phases' kernels sum taps before the products:
				// other roundings, and the same for any worker count
				closeTo(t, name, got[k], want, 1e-4)
				want = first[k]
			}
			for i := range got[k] {
				if math.Float32bits(got[k][i]) != math.Float32bits(want[i]) {
					t.Fatalf("%d workers: %s %d is %v, want %v", workers, name, i, got[k][i], want[i])
				}
			}
		}
	}
}

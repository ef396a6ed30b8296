package graph

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWinogradGradients checks the gradients of convolutions that run by
// F(2×2, 3×3) (16 channels and filters, outputs of 10×10 and more), plain
// and fused with an upsampling before it. At this size gradCheck's
// one-value steps drown in float32 rounding, so the check is the
// derivative along a random direction of the input, the kernel and the
// bias at once: with a linear activation the loss is quadratic along it,
// and the central difference is exact but for rounding even with a step
// far above it. (A pooling after it would change windows' winners along
// such a step; the kernels' tests check the fused pooling against the
// convolution and MaxPool one after the other, bit for bit.)
func TestWinogradGradients(t *testing.T) {
	for _, tc := range []struct {
		name  string
		x     []int
		op    string // a part of the op's name the layers must make
		layer func(g *Graph) ([]Layer, error)
	}{
		{"conv", []int{2, 16, 10, 11}, "Conv2D", func(g *Graph) ([]Layer, error) {
			c, err := NewConv2D(g, "c", 16, 16, 3, Same, Linear)
			return []Layer{c}, err
		}},
		{"upsampled", []int{1, 16, 5, 6}, "up=2", func(g *Graph) ([]Layer, error) {
			c, err := NewConv2D(g, "c", 16, 16, 3, Same, Linear)
			return []Layer{NewUpsample2D("u", 2), c}, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkDirectional(t, tc.x, tc.op, tc.layer)
		})
	}
}

func checkDirectional(t *testing.T, xShape []int, op string, layers func(g *Graph) ([]Layer, error)) {
	params := NewParams(11)
	g := New(params)
	x, err := g.Param("x", xShape, GlorotUniform)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := layers(g)
	if err != nil {
		t.Fatal(err)
	}
	y, err := Forward(x, ls...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(y.Op().String(), op) {
		t.Fatalf("Forward made %v, want an op with %q", y.Op(), op)
	}
	loss, err := weightedSum(g, y)
	if err != nil {
		t.Fatal(err)
	}
	wrt, grads, run := gradRun(t, g, loss, nil)
	run()
	// the derivative along v by the gradients, and v
	rng := rand.New(rand.NewPCG(3, 4))
	var want float64
	dirs := make([][]float32, len(wrt))
	for i, n := range wrt {
		gd, _, err := float32s(grads[i].Value())
		if err != nil {
			t.Fatal(err)
		}
		dirs[i] = make([]float32, len(gd))
		for j := range dirs[i] {
			dirs[i][j] = float32(rng.Float64()*2 - 1)
			want += float64(gd[j]) * float64(dirs[i][j])
		}
		if len(params.Data(n.Name())) != len(gd) {
			t.Fatalf("%s: %d values, %d gradients", n.Name(), len(params.Data(n.Name())), len(gd))
		}
	}
	step := func(h float32) {
		for i, n := range wrt {
			d := params.Data(n.Name())
			for j := range d {
				d[j] += h * dirs[i][j]
			}
		}
	}
	const h = 1e-2
	step(h)
	up := run()
	step(-2 * h)
	down := run()
	step(h)
	got := (up - down) / (2 * h)
	if math.Abs(got-want) > 1e-3*math.Max(1, math.Abs(want)) {
		t.Errorf("derivative along a random direction: %.5f from the gradients, %.5f from the loss", want, got)
	}
}

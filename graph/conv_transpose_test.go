package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

// transposeDefinition is the transposed convolution as a scatter-add: each
// input cell (c, iy, ix) adds x·w[c, o] into the window of the output at
// (iy·s - pt, ix·s - pl), cells outside the output dropped.
func transposeDefinition(x []float32, xs []int, w []float32, ws []int, s, pt, pl, oh, ow int) []float32 {
	n, c, h, wd := xs[0], xs[1], xs[2], xs[3]
	cout, kh, kw := ws[1], ws[2], ws[3]
	y := make([]float64, n*cout*oh*ow)
	for i := range n {
		for ch := range c {
			for iy := range h {
				for ix := range wd {
					v := float64(x[((i*c+ch)*h+iy)*wd+ix])
					for o := range cout {
						for ky := range kh {
							for kx := range kw {
								oy, ox := iy*s+ky-pt, ix*s+kx-pl
								if oy < 0 || oy >= oh || ox < 0 || ox >= ow {
									continue
								}
								y[((i*cout+o)*oh+oy)*ow+ox] += v * float64(w[((ch*cout+o)*kh+ky)*kw+kx])
							}
						}
					}
				}
			}
		}
	}
	out := make([]float32, len(y))
	for i, v := range y {
		out[i] = float32(v)
	}
	return out
}

// transposeCases covers Keras's output sizes: 'same' gives in·s, 'valid'
// in·s + max(k - s, 0), and 'same' crops max(k - s, 0) cells, the first
// half before.
var transposeCases = []struct {
	name           string
	x, w           []int
	stride         int
	pad            Padding
	oh, ow, pt, pl int
}{
	{"same7k3s2", []int{2, 3, 7, 7}, []int{3, 2, 3, 3}, 2, Same, 14, 14, 0, 0},
	{"valid7k3s2", []int{2, 2, 7, 7}, []int{2, 3, 3, 3}, 2, Valid, 15, 15, 0, 0},
	{"same4x5k4s2", []int{1, 2, 4, 5}, []int{2, 2, 4, 4}, 2, Same, 8, 10, 1, 1},
	{"valid3k1s2", []int{2, 2, 3, 3}, []int{2, 2, 1, 1}, 2, Valid, 6, 6, 0, 0},
	{"same3k1s2", []int{1, 2, 3, 3}, []int{2, 1, 1, 1}, 2, Same, 6, 6, 0, 0},
	{"valid4k4s2", []int{1, 1, 4, 4}, []int{1, 2, 4, 4}, 2, Valid, 10, 10, 0, 0},
	{"same5k3s1", []int{2, 2, 5, 5}, []int{2, 3, 3, 3}, 1, Same, 5, 5, 1, 1},
	{"valid5k3s1", []int{2, 2, 5, 4}, []int{2, 3, 3, 3}, 1, Valid, 7, 6, 0, 0},
	{"same3k5s3", []int{1, 2, 3, 3}, []int{2, 2, 5, 5}, 3, Same, 9, 9, 1, 1},
}

func TestConv2DTransposeValues(t *testing.T) {
	for _, tc := range transposeCases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 3))
			g := New(NewParams(1))
			x := g.Input("x", tc.x...)
			xv := fill(rng, Size(tc.x))
			copy(x.Value().Data().([]float32), xv)
			wv := fill(rng, Size(tc.w))
			w, err := g.Param("w", tc.w, func(_ *rand.Rand, _ []int, d []float32) { copy(d, wv) })
			if err != nil {
				t.Fatal(err)
			}
			y, err := Conv2DTransposeOp(x, w, tc.stride, tc.pad)
			if err != nil {
				t.Fatal(err)
			}
			if want := []int{tc.x[0], tc.w[1], tc.oh, tc.ow}; !slices.Equal(y.Shape(), want) {
				t.Fatalf("shape %v, want %v", y.Shape(), want)
			}
			want := transposeDefinition(xv, tc.x, wv, tc.w, tc.stride, tc.pt, tc.pl, tc.oh, tc.ow)
			closeValues(t, "y", runForward(t, g, y), want, 1e-5)
		})
	}
}

// TestConv2DTransposeHand checks a 2×2 kernel at stride 2 by hand: every
// input cell becomes a 2×2 block of itself times the kernel.
func TestConv2DTransposeHand(t *testing.T) {
	g := New(NewParams(1))
	x := g.Input("x", 1, 1, 2, 2)
	copy(x.Value().Data().([]float32), []float32{1, 2, 3, 4})
	w, _ := g.Param("w", []int{1, 1, 2, 2}, func(_ *rand.Rand, _ []int, d []float32) {
		copy(d, []float32{1, 10, 100, 1000})
	})
	y, err := Conv2DTransposeOp(x, w, 2, Valid)
	if err != nil {
		t.Fatal(err)
	}
	closeValues(t, "y", runForward(t, g, y), []float32{
		1, 10, 2, 20,
		100, 1000, 200, 2000,
		3, 30, 4, 40,
		300, 3000, 400, 4000,
	}, 0)
}

func TestConv2DTransposeGradient(t *testing.T) {
	for _, tc := range transposeCases {
		t.Run(tc.name, func(t *testing.T) {
			x := slices.Clone(tc.x)
			x[0] = 1
			if Size(x)+Size(tc.w) > 200 {
				x[1], x[2], x[3] = min(x[1], 2), min(x[2], 3), min(x[3], 3)
			}
			w := slices.Clone(tc.w)
			w[0] = x[1]
			gradCheck(t, map[string][]int{"x": x, "w": w}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				y, err := Conv2DTransposeOp(p["x"], p["w"], tc.stride, tc.pad)
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestConv2DTransposeAdjoint checks ⟨convᵀ(x), y⟩ = ⟨x, conv(y)⟩ with the
// same kernel, stride and padding: the transposed convolution is the
// adjoint of the strided one.
func TestConv2DTransposeAdjoint(t *testing.T) {
	for _, tc := range transposeCases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(4, 4))
			g := New(NewParams(1))
			x := g.Input("x", tc.x...)
			xv := fill(rng, Size(tc.x))
			copy(x.Value().Data().([]float32), xv)
			ys := []int{tc.x[0], tc.w[1], tc.oh, tc.ow}
			y := g.Input("y", ys...)
			yv := fill(rng, Size(ys))
			copy(y.Value().Data().([]float32), yv)
			// the convolution's kernel is (out, in) = (x's channels, y's)
			wv := fill(rng, Size(tc.w))
			w, _ := g.Param("w", tc.w, func(_ *rand.Rand, _ []int, d []float32) { copy(d, wv) })
			tx, err := Conv2DTransposeOp(x, w, tc.stride, tc.pad)
			if err != nil {
				t.Fatal(err)
			}
			cy, err := Conv2DStridedOp(y, w, tc.stride, tc.pad)
			if err != nil {
				t.Fatal(err)
			}
			m := gorgonia.NewTapeMachine(g.ExprGraph)
			defer m.Close()
			if err := m.RunAll(); err != nil {
				t.Fatal(err)
			}
			txv, _, _ := float32s(tx.Value())
			cyv, _, _ := float32s(cy.Value())
			if !slices.Equal(cy.Shape(), tc.x) {
				t.Fatalf("conv of the output has shape %v, want %v", cy.Shape(), tc.x)
			}
			var a, b float64
			for i := range yv {
				a += float64(txv[i]) * float64(yv[i])
			}
			for i := range xv {
				b += float64(xv[i]) * float64(cyv[i])
			}
			if math.Abs(a-b) > 1e-4*math.Max(1, math.Abs(a)) {
				t.Fatalf("<convᵀ x, y> = %v, <x, conv y> = %v", a, b)
			}
		})
	}
}

func TestConv2DTransposeLayer(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	c, err := NewConv2DTranspose(g, "dec/t", 32, 16, 3, 2, Same, ReLU)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind() != "Conv2DTranspose" || c.Name() != "dec/t" || c.Activation() != ReLU || len(c.Learnables()) != 2 {
		t.Fatalf("layer %+v", c)
	}
	if !slices.Equal(p.Names(), []string{"dec/t/w", "dec/t/b"}) || !slices.Equal(p.Shape("dec/t/w"), []int{32, 16, 3, 3}) || !slices.Equal(p.Shape("dec/t/b"), []int{16}) {
		t.Fatalf("parameters %v %v %v", p.Names(), p.Shape("dec/t/w"), p.Shape("dec/t/b"))
	}
	// Keras: limit sqrt(6 / ((32 + 16)·9))
	limit := float32(math.Sqrt(6.0 / (48 * 9)))
	var maxAbs float32
	for _, v := range p.Data("dec/t/w") {
		maxAbs = max(maxAbs, v, -v)
	}
	if maxAbs > limit || maxAbs < 0.95*limit {
		t.Fatalf("max |w| = %v, want just under %v", maxAbs, limit)
	}
	for _, tc := range []struct {
		in, k, s int
		pad      Padding
		out      int
	}{
		{7, 3, 2, Same, 14}, {7, 3, 2, Valid, 15}, {14, 3, 2, Same, 28}, {7, 1, 2, Valid, 14}, {7, 5, 2, Valid, 17}, {5, 3, 1, Valid, 7}, {5, 3, 1, Same, 5},
	} {
		t.Run(fmt.Sprintf("%d,k%d,s%d,%v", tc.in, tc.k, tc.s, tc.pad), func(t *testing.T) {
			g := New(NewParams(1))
			c, err := NewConv2DTranspose(g, "t", 2, 3, tc.k, tc.s, tc.pad, Linear)
			if err != nil {
				t.Fatal(err)
			}
			y, err := c.Fwd(g.Input("x", 4, 2, tc.in, tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if want := []int{4, 3, tc.out, tc.out}; !slices.Equal(y.Shape(), want) {
				t.Fatalf("shape %v, want %v", y.Shape(), want)
			}
			// every input cell times every filter's k×k window
			if got, want := c.FLOPs([]int{3, tc.out, tc.out}), 2*2*3*tc.k*tc.k*tc.in*tc.in; got != want {
				t.Fatalf("FLOPs = %d, want %d", got, want)
			}
		})
	}
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"zeroStride", func() error { _, err := NewConv2DTranspose(g, "z", 1, 1, 3, 0, Same, ReLU); return err }},
		{"zeroFilters", func() error { _, err := NewConv2DTranspose(g, "z", 1, 0, 3, 1, Same, ReLU); return err }},
		{"badPadding", func() error { _, err := NewConv2DTranspose(g, "z", 1, 1, 3, 1, Padding(3), ReLU); return err }},
		{"wrongChannels", func() error { _, err := c.Fwd(g.Input("x2", 1, 2, 8, 8)); return err }},
		{"notImages", func() error { _, err := c.Fwd(g.Input("x3", 1, 32)); return err }},
		{"kernelShapeClash", func() error { _, err := NewConv2DTranspose(New(p), "dec/t", 16, 32, 3, 2, Same, ReLU); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f() == nil {
				t.Fatal("want an error")
			}
		})
	}
}

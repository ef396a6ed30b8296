package graph

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

// fill returns n values in [-1, 1) from rng.
func fill(rng *rand.Rand, n int) []float32 {
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.Float64()*2 - 1)
	}
	return d
}

// convDefinition is the strided cross-correlation from its definition:
// y[i,o,oy,ox] = Σ x[i,c,oy·s+ky-pt,ox·s+kx-pl]·w[o,c,ky,kx].
func convDefinition(x []float32, xs []int, w []float32, ws []int, s, pt, pl, oh, ow int) []float32 {
	n, c, h, wd := xs[0], xs[1], xs[2], xs[3]
	cout, kh, kw := ws[0], ws[2], ws[3]
	y := make([]float32, n*cout*oh*ow)
	for i := range n {
		for o := range cout {
			for oy := range oh {
				for ox := range ow {
					var sum float64
					for ch := range c {
						for ky := range kh {
							for kx := range kw {
								iy, ix := oy*s+ky-pt, ox*s+kx-pl
								if iy < 0 || iy >= h || ix < 0 || ix >= wd {
									continue
								}
								sum += float64(x[((i*c+ch)*h+iy)*wd+ix]) * float64(w[((o*c+ch)*kh+ky)*kw+kx])
							}
						}
					}
					y[((i*cout+o)*oh+oy)*ow+ox] = float32(sum)
				}
			}
		}
	}
	return y
}

func closeValues(t *testing.T, what string, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); d > tol || math.IsNaN(float64(got[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestConv2DStridedValues checks strided convolutions against the
// definition, with Keras's output sizes and padding: 'same' puts the odd
// padding row after the input.
func TestConv2DStridedValues(t *testing.T) {
	for _, tc := range []struct {
		name           string
		x, w           []int
		stride         int
		pad            Padding
		oh, ow, pt, pl int
	}{
		{"same28s2", []int{2, 1, 28, 28}, []int{3, 1, 3, 3}, 2, Same, 14, 14, 0, 0},
		{"same7s2", []int{2, 2, 7, 7}, []int{2, 2, 3, 3}, 2, Same, 4, 4, 1, 1},
		{"same5x6s3", []int{1, 2, 5, 6}, []int{2, 2, 3, 3}, 3, Same, 2, 2, 0, 0},
		{"valid9s2", []int{2, 2, 9, 8}, []int{3, 2, 3, 3}, 2, Valid, 4, 3, 0, 0},
		{"valid4x4k2s2", []int{1, 1, 4, 4}, []int{1, 1, 2, 2}, 2, Valid, 2, 2, 0, 0},
		{"same6k4s2", []int{1, 2, 6, 6}, []int{2, 2, 4, 4}, 2, Same, 3, 3, 1, 1},
		{"stride1", []int{2, 2, 5, 5}, []int{3, 2, 3, 3}, 1, Same, 5, 5, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			g := New(NewParams(1))
			x := g.Input("x", tc.x...)
			xv := fill(rng, Size(tc.x))
			copy(x.Value().Data().([]float32), xv)
			wv := fill(rng, Size(tc.w))
			w, err := g.Param("w", tc.w, func(_ *rand.Rand, _ []int, d []float32) { copy(d, wv) })
			if err != nil {
				t.Fatal(err)
			}
			y, err := Conv2DStridedOp(x, w, tc.stride, tc.pad)
			if err != nil {
				t.Fatal(err)
			}
			if want := []int{tc.x[0], tc.w[0], tc.oh, tc.ow}; !slices.Equal(y.Shape(), want) {
				t.Fatalf("shape %v, want %v", y.Shape(), want)
			}
			want := convDefinition(xv, tc.x, wv, tc.w, tc.stride, tc.pt, tc.pl, tc.oh, tc.ow)
			closeValues(t, "y", runForward(t, g, y), want, 1e-5)
		})
	}
}

// TestConv2DStridedHand checks a stride-2 'same' convolution of a 4×4
// image by hand: the kernel adds the centre and the bottom-right cell of
// each 3×3 window; windows start at rows and columns 0 and 2, so the last
// ones read the zero padding after the input.
func TestConv2DStridedHand(t *testing.T) {
	g := New(NewParams(1))
	x := g.Input("x", 1, 1, 4, 4)
	copy(x.Value().Data().([]float32), []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	w, _ := g.Param("w", []int{1, 1, 3, 3}, func(_ *rand.Rand, _ []int, d []float32) {
		copy(d, []float32{0, 0, 0, 0, 1, 0, 0, 0, 1}) // centre + bottom right
	})
	y, err := Conv2DStridedOp(x, w, 2, Same)
	if err != nil {
		t.Fatal(err)
	}
	closeValues(t, "y", runForward(t, g, y), []float32{6 + 11, 8 + 0, 14 + 0, 16 + 0}, 0)
}

func TestConv2DStridedGradient(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x, w   []int
		stride int
		pad    Padding
	}{
		{"same7s2", []int{2, 2, 7, 7}, []int{3, 2, 3, 3}, 2, Same},
		{"same6s2", []int{1, 2, 6, 6}, []int{2, 2, 3, 3}, 2, Same},
		{"valid7s2", []int{2, 1, 7, 6}, []int{2, 1, 3, 3}, 2, Valid},
		{"same8s3k2", []int{1, 2, 8, 8}, []int{2, 2, 2, 2}, 3, Same},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x, "w": tc.w}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				y, err := Conv2DStridedOp(p["x"], p["w"], tc.stride, tc.pad)
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestNewConv2DUnchanged checks that NewConv2D is NewConv2DStride at
// stride 1: the same parameters, drawn in the same order, and the same
// output.
func TestNewConv2DUnchanged(t *testing.T) {
	run := func(strided bool) (*Params, []float32) {
		p := NewParams(5)
		g := New(p)
		var (
			c   *Conv2D
			err error
		)
		if strided {
			c, err = NewConv2DStride(g, "enc/c", 2, 3, 3, 1, Same, ReLU)
		} else {
			c, err = NewConv2D(g, "enc/c", 2, 3, 3, Same, ReLU)
		}
		if err != nil {
			t.Fatal(err)
		}
		x := g.Input("x", 2, 2, 5, 5)
		copy(x.Value().Data().([]float32), fill(rand.New(rand.NewPCG(2, 2)), 100))
		y, err := c.Fwd(x)
		if err != nil {
			t.Fatal(err)
		}
		return p, runForward(t, g, y)
	}
	p1, y1 := run(false)
	p2, y2 := run(true)
	if !slices.Equal(p1.Names(), []string{"enc/c/w", "enc/c/b"}) || !slices.Equal(p1.Names(), p2.Names()) {
		t.Fatalf("names %v and %v", p1.Names(), p2.Names())
	}
	if !slices.Equal(p1.Data("enc/c/w"), p2.Data("enc/c/w")) || !slices.Equal(y1, y2) {
		t.Fatal("NewConv2D and NewConv2DStride(stride 1) differ")
	}
}

func TestConv2DStrideLayer(t *testing.T) {
	g := New(NewParams(1))
	c, err := NewConv2DStride(g, "c", 1, 4, 3, 2, Same, ReLU)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind() != "Conv2D" || c.Name() != "c" || c.Stride != 2 || len(c.Learnables()) != 2 {
		t.Fatalf("layer %+v", c)
	}
	y, err := c.Fwd(g.Input("x", 5, 1, 28, 28))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y.Shape(), []int{5, 4, 14, 14}) {
		t.Fatalf("shape %v", y.Shape())
	}
	// 4 filters of 1·3·3 multiply-adds for each of the 14·14 outputs
	if got := c.FLOPs([]int{4, 14, 14}); got != 2*9*4*14*14 {
		t.Fatalf("FLOPs = %d", got)
	}
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"zeroStride", func() error { _, err := NewConv2DStride(g, "z", 1, 1, 3, 0, Same, ReLU); return err }},
		{"badPadding", func() error { _, err := NewConv2DStride(g, "z", 1, 1, 3, 1, Padding(9), ReLU); return err }},
		{"badActivation", func() error { _, err := NewConv2DStride(g, "z", 1, 1, 3, 1, Same, Activation(999)); return err }},
		{"validTooSmall", func() error {
			c, err := NewConv2DStride(g, "v", 1, 1, 5, 2, Valid, ReLU)
			if err != nil {
				return nil
			}
			_, err = c.Fwd(g.Input("x4", 1, 1, 4, 4))
			return err
		}},
		{"wrongChannels", func() error { _, err := c.Fwd(g.Input("x2", 1, 2, 8, 8)); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f() == nil {
				t.Fatal("want an error")
			}
		})
	}
}

package graph

import (
	"fmt"
	"math"
	"testing"

	"gorgonia.org/gorgonia"
)

// naiveConv1D is the 1-D convolution written out: y[b,o,j] = sum over c,
// k of x[b,c,j·stride+k-before]·w[o,c,k], positions outside x zero.
func naiveConv1D(x, w []float32, n, c, steps, o, k, stride, before, out int) []float32 {
	y := make([]float32, n*o*out)
	for b := range n {
		for f := range o {
			for j := range out {
				var s float64
				for ch := range c {
					for t := range k {
						p := j*stride + t - before
						if p >= 0 && p < steps {
							s += float64(x[(b*c+ch)*steps+p]) * float64(w[(f*c+ch)*k+t])
						}
					}
				}
				y[(b*o+f)*out+j] = float32(s)
			}
		}
	}
	return y
}

// TestConv1DValues checks Conv1DOp against the convolution written out,
// with TensorFlow's placement of 'same' padding: 2 steps before and 3
// after for a kernel of 7 at stride 2 (keras.io's model).
func TestConv1DValues(t *testing.T) {
	for _, tc := range []struct {
		steps, k, stride int
		pad              Padding
		out, before      int
	}{
		{12, 7, 2, Same, 6, 2},
		{11, 3, 1, Same, 11, 1},
		{10, 4, 3, Valid, 3, 0},
		{9, 1, 1, Same, 9, 0},
	} {
		t.Run(fmt.Sprintf("%d,k%d,s%d,%v", tc.steps, tc.k, tc.stride, tc.pad), func(t *testing.T) {
			const n, c, o = 2, 3, 4
			g := New(NewParams(1))
			x := g.Input("x", n, c, tc.steps)
			w, err := g.Param("w", []int{o, c, tc.k}, GlorotUniform)
			if err != nil {
				t.Fatal(err)
			}
			xv := x.Value().Data().([]float32)
			for i := range xv {
				xv[i] = float32(math.Sin(float64(i)*1.3)) + 0.2
			}
			y, err := Conv1DOp(x, w, nil, tc.pad, tc.stride, false, Linear)
			if err != nil {
				t.Fatal(err)
			}
			if s := y.Shape(); s[2] != tc.out {
				t.Fatalf("output %v, want %d steps", s, tc.out)
			}
			got := runForward(t, g, y)
			want := naiveConv1D(xv, g.Params().Data("w"), n, c, tc.steps, o, tc.k, tc.stride, tc.before, tc.out)
			for i := range want {
				if math.Abs(float64(got[i]-want[i])) > 1e-5 {
					t.Fatalf("y[%d] = %g, want %g", i, got[i], want[i])
				}
			}
		})
	}
}

// TestConv1DTransposeAdjoint checks <convᵀ(x), y> = <x, conv(y)> for the
// same kernel, and the output lengths Keras's Conv1DTranspose gives.
func TestConv1DTransposeAdjoint(t *testing.T) {
	for _, tc := range []struct {
		steps, k, stride int
		pad              Padding
		out              int
	}{
		{6, 7, 2, Same, 12},
		{5, 7, 1, Same, 5},
		{4, 3, 2, Valid, 9},
	} {
		t.Run(fmt.Sprintf("%d,k%d,s%d,%v", tc.steps, tc.k, tc.stride, tc.pad), func(t *testing.T) {
			const n, cin, cout = 2, 3, 2
			g := New(NewParams(1))
			x := g.Input("x", n, cin, tc.steps)
			yin := g.Input("y", n, cout, tc.out)
			w, _ := g.Param("w", []int{cin, cout, tc.k}, GlorotUniform)
			fill := func(d []float32, f float64) {
				for i := range d {
					d[i] = float32(math.Cos(float64(i)*f)) - 0.1
				}
			}
			fill(x.Value().Data().([]float32), 0.7)
			fill(yin.Value().Data().([]float32), 1.9)
			tx, err := Conv1DTransposeOp(x, w, tc.pad, tc.stride, false)
			if err != nil {
				t.Fatal(err)
			}
			if s := tx.Shape(); s[2] != tc.out {
				t.Fatalf("output %v, want %d steps", s, tc.out)
			}
			cy, err := Conv1DOp(yin, w, nil, tc.pad, tc.stride, false, Linear)
			if err != nil {
				t.Fatal(err)
			}
			m := gorgonia.NewTapeMachine(g.ExprGraph)
			defer m.Close()
			if err := m.RunAll(); err != nil {
				t.Fatal(err)
			}
			dot := func(a, b *gorgonia.Node) float64 {
				var s float64
				for i, v := range a.Value().Data().([]float32) {
					s += float64(v) * float64(b.Value().Data().([]float32)[i])
				}
				return s
			}
			if l, r := dot(tx, yin), dot(x, cy); math.Abs(l-r) > 1e-4*math.Max(1, math.Abs(l)) {
				t.Fatalf("<convT(x), y> = %g, <x, conv(y)> = %g", l, r)
			}
		})
	}
}

// TestSequenceLayerGradients checks every sequence layer's gradients,
// of its input and its parameters, against finite differences.
func TestSequenceLayerGradients(t *testing.T) {
	layers := []struct {
		name string
		in   []int
		make func(g *Graph) (Layer, error)
	}{
		{"conv1d same s2", []int{2, 3, 9}, func(g *Graph) (Layer, error) { return NewConv1D(g, "c", 3, 4, 7, 2, Same, ReLU) }},
		{"conv1d valid s1 tanh", []int{2, 2, 8}, func(g *Graph) (Layer, error) { return NewConv1D(g, "c", 2, 3, 3, 1, Valid, Tanh) }},
		{"conv1d_transpose same s2", []int{2, 3, 5}, func(g *Graph) (Layer, error) {
			return NewConv1DTranspose(g, "c", 3, 2, 7, 2, Same, Sigmoid)
		}},
		{"conv1d_transpose valid s2", []int{2, 2, 4}, func(g *Graph) (Layer, error) {
			return NewConv1DTranspose(g, "c", 2, 3, 3, 2, Valid, Linear)
		}},
		{"time dense", []int{2, 3, 5}, func(g *Graph) (Layer, error) { return NewTimeDense(g, "d", 3, 2, Tanh) }},
		{"maxpool1d same", []int{2, 2, 7}, func(*Graph) (Layer, error) { return NewMaxPool1D("p", 2, Same), nil }},
		{"maxpool1d valid 3", []int{1, 2, 8}, func(*Graph) (Layer, error) { return NewMaxPool1D("p", 3, Valid), nil }},
		{"upsample1d", []int{2, 2, 3}, func(*Graph) (Layer, error) { return NewUpSample1D("u", 3), nil }},
		{"repeat_vector", []int{2, 3}, func(*Graph) (Layer, error) { return NewRepeatVector("r", 4), nil }},
	}
	for _, tc := range layers {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.in}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				l, err := tc.make(g)
				if err != nil {
					return nil, err
				}
				y, err := l.Fwd(p["x"])
				if err != nil {
					return nil, err
				}
				return weightedSum(g, y)
			})
		})
	}
}

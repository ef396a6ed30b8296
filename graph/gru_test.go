package graph

import (
	"fmt"
	"math"
	"testing"

	"gorgonia.org/gorgonia"
)

// gruReference is PyTorch's GRU written out in float64 for one sample
// (x of c channels by t steps, channels first), returning every step's h.
func gruReference(x, w, u, b, bu []float32, c, t, units int) [][]float64 {
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	h := make([]float64, units)
	var out [][]float64
	for s := range t {
		pre := func(row int, hh []float64) (in, rec float64) {
			in, rec = float64(b[row]), float64(bu[row])
			for ch := range c {
				in += float64(w[row*c+ch]) * float64(x[ch*t+s])
			}
			for k := range units {
				rec += float64(u[row*units+k]) * hh[k]
			}
			return in, rec
		}
		next := make([]float64, units)
		for j := range units {
			ri, rr := pre(j, h)
			zi, zr := pre(units+j, h)
			ni, nr := pre(2*units+j, h)
			r, z := sig(ri+rr), sig(zi+zr)
			n := math.Tanh(ni + r*nr)
			next[j] = (1-z)*n + z*h[j]
		}
		h = next
		out = append(out, next)
	}
	return out
}

// TestGRUValues checks the GRU op against PyTorch's equations written
// out, for every step and for the last.
func TestGRUValues(t *testing.T) {
	const n, c, steps, units = 2, 3, 5, 4
	for _, seq := range []bool{true, false} {
		g := New(NewParams(3))
		l, err := NewGRU(g, "gru", c, units, seq)
		if err != nil {
			t.Fatal(err)
		}
		x := g.Input("x", n, c, steps)
		xv := x.Value().Data().([]float32)
		for i := range xv {
			xv[i] = float32(math.Sin(float64(i) * 0.9))
		}
		y, err := l.Fwd(x)
		if err != nil {
			t.Fatal(err)
		}
		got := runForward(t, g, y)
		p := g.Params()
		for i := range n {
			want := gruReference(xv[i*c*steps:(i+1)*c*steps], p.Data("gru/w"), p.Data("gru/u"), p.Data("gru/b"), p.Data("gru/bu"), c, steps, units)
			for j := range units {
				for s := range steps {
					at := (i*units+j)*steps + s
					if !seq {
						if s < steps-1 {
							continue
						}
						at = i*units + j
					}
					if math.Abs(float64(got[at])-want[s][j]) > 1e-5 {
						t.Fatalf("sequences %v: sample %d unit %d step %d: %v, want %v", seq, i, j, s, got[at], want[s][j])
					}
				}
			}
		}
	}
}

// TestGRUGradient checks the gradients of the input and the weights
// through time against finite differences.
func TestGRUGradient(t *testing.T) {
	for _, seq := range []bool{true, false} {
		t.Run(fmt.Sprint("sequences=", seq), func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": {2, 2, 4}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				l, err := NewGRU(g, "gru", 2, 3, seq)
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

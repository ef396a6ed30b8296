package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestContractivePenaltyGradients(t *testing.T) {
	for _, act := range []Activation{Sigmoid, ReLU, Linear} {
		t.Run(act.String(), func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": {3, 5}, "w": {5, 4}, "b": {4}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				d := &Dense{name: "enc", In: 5, Out: 4, Act: act, W: p["w"], B: p["b"], g: g}
				h, err := d.Fwd(p["x"])
				if err != nil {
					return nil, err
				}
				return ContractivePenalty(h, p["w"], act, 0.7)
			})
		})
	}
}

// TestContractivePenaltyIsJacobianNorm: the penalty equals λ times the
// batch mean of ‖∂h/∂x‖²_F computed by central finite differences of h.
func TestContractivePenaltyIsJacobianNorm(t *testing.T) {
	const batch, n, k, lambda = 2, 6, 3, 0.5
	rng := rand.New(rand.NewPCG(3, 4))
	p := NewParams(1)
	g := New(p)
	fill := func(_ *rand.Rand, _ []int, d []float32) {
		for i := range d {
			d[i] = float32(rng.Float64()*2 - 1)
		}
	}
	x, _ := g.Param("x", []int{batch, n}, fill)
	d, err := NewDense(g, "enc", n, k, Sigmoid)
	if err != nil {
		t.Fatal(err)
	}
	fill(nil, nil, p.Data("enc/w"))
	fill(nil, nil, p.Data("enc/b"))
	h, err := d.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	pen, err := ContractivePenalty(h, d.W, Sigmoid, lambda)
	if err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	run := func() []float32 {
		m.Reset()
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		v, _, _ := float32s(h.Value())
		return append([]float32(nil), v...)
	}
	run()
	got := scalarValue(t, pen.Value())
	xs := p.Data("x")
	var norm float64
	const eps = 1e-3
	for b := 0; b < batch; b++ {
		for i := 0; i < n; i++ {
			old := xs[b*n+i]
			xs[b*n+i] = old + eps
			up := run()
			xs[b*n+i] = old - eps
			down := run()
			xs[b*n+i] = old
			for j := 0; j < k; j++ {
				dj := float64(up[b*k+j]-down[b*k+j]) / (2 * eps)
				norm += dj * dj
			}
		}
	}
	want := lambda * norm / batch
	if math.Abs(got-want) > 1e-3*want {
		t.Fatalf("penalty %.6f, λ·mean ‖J‖² by finite differences %.6f", got, want)
	}
}

func TestContractivePenaltyErrors(t *testing.T) {
	g := New(NewParams(1))
	h := NewInput(g, "h", 2, 3)
	w := NewInput(g, "w", 4, 3)
	if _, err := ContractivePenalty(h, NewInput(g, "w2", 4, 2), Sigmoid, 1); err == nil {
		t.Error("mismatched shapes: no error")
	}
	if _, err := ContractivePenalty(h, w, Sigmoid, -1); err == nil {
		t.Error("negative lambda: no error")
	}
	if _, err := ContractivePenalty(h, w, Activation(99), 1); err == nil {
		t.Error("unknown activation: no error")
	}
}

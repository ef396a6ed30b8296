package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestConcreteGradient: the logits' gradient matches finite differences
// taken with the same Gumbel noise.
func TestConcreteGradient(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	src := rand.NewPCG(3, 4)
	g.SetTraining(rand.New(src))
	x, err := g.Param("x", []int{4, 6}, func(_ *rand.Rand, _ []int, d []float32) {
		for i := range d {
			d[i] = float32(math.Sin(float64(i)))
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewConcrete(g, "sel", 6, 3)
	if err != nil {
		t.Fatal(err)
	}
	p.Data("sel/temperature")[0] = 0.7
	y, err := c.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	loss, err := weightedSum(g, y)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := gorgonia.Grad(loss, c.Logits)
	if err != nil {
		t.Fatal(err)
	}
	vm := gorgonia.NewTapeMachine(g.ExprGraph)
	defer vm.Close()
	run := func() float64 {
		src.Seed(3, 4)
		vm.Reset()
		if err := vm.RunAll(); err != nil {
			t.Fatal(err)
		}
		return scalarValue(t, loss.Value())
	}
	run()
	d, _, _ := float32s(grads[0].Value())
	analytic := append([]float32(nil), d...)
	logits := p.Data("sel/logits")
	for j := range logits {
		old := logits[j]
		logits[j] = old + 1e-3
		up := run()
		logits[j] = old - 1e-3
		down := run()
		logits[j] = old
		num := (up - down) / 2e-3
		if math.Abs(num-float64(analytic[j])) > 1e-2*math.Max(1, math.Abs(num)) {
			t.Errorf("logits[%d]: symbolic %.5f, finite difference %.5f", j, analytic[j], num)
		}
	}
}

// TestConcreteSelects: at inference each unit passes on the input of its
// largest logit, and a training graph's output is a convex mixture that
// nears that selection as the temperature falls.
func TestConcreteSelects(t *testing.T) {
	x := []float32{1, 2, 3, 4, 5, 10, 20, 30, 40, 50}
	build := func(training bool, temp float32) []float32 {
		p := NewParams(1)
		g := New(p)
		if training {
			g.SetTraining(rand.New(rand.NewPCG(1, 2)))
		}
		in := g.Input("x", 2, 5)
		copy(in.Value().Data().([]float32), x)
		c, err := NewConcrete(g, "sel", 5, 2)
		if err != nil {
			t.Fatal(err)
		}
		copy(p.Data("sel/logits"), []float32{0, 0, 9, 0, 0, 0, 0, 0, 0, 9}) // unit 0 picks feature 2, unit 1 feature 4
		p.Data("sel/temperature")[0] = temp
		y, err := c.Fwd(in)
		if err != nil {
			t.Fatal(err)
		}
		return runForward(t, g, y)
	}
	want := []float32{3, 5, 30, 50}
	got := build(false, 10)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("inference output %v, want %v", got, want)
		}
	}
	cold := build(true, 0.01)
	for i := range want {
		if math.Abs(float64(cold[i]-want[i])) > 1e-3*float64(want[i]) {
			t.Fatalf("training output at temperature 0.01: %v, want about %v", cold, want)
		}
	}
	if got := Selected([]float32{0, 0, 9, 0, 0, 0, 0, 0, 0, 9}, 2, 5); got[0] != 2 || got[1] != 4 {
		t.Errorf("Selected = %v", got)
	}
	if t0, t1 := ConcreteTemperature(1, 50), ConcreteTemperature(50, 50); t0 != 10 || math.Abs(float64(t1)-0.01) > 1e-6 {
		t.Errorf("temperatures %v, %v; want 10, 0.01", t0, t1)
	}
	if _, err := NewConcrete(New(NewParams(1)), "sel", 5, 6); err == nil {
		t.Error("selecting 6 of 5 features: no error")
	}
}

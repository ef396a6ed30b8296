package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
)

func TestKLDivergenceGradient(t *testing.T) {
	gradCheck(t, map[string][]int{"mean": {3, 2}, "logvar": {3, 2}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
		return KLDivergence(p["mean"], p["logvar"])
	})
}

func TestKLDivergenceValue(t *testing.T) {
	g := New(NewParams(1))
	set := func(name string, v []float32) *gorgonia.Node {
		n, err := g.Param(name, []int{2, 2}, func(_ *rand.Rand, _ []int, d []float32) { copy(d, v) })
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	m, lv := set("m", []float32{0, 1, -2, 0.5}), set("lv", []float32{0, 0, math.Ln2, -1})
	kl, err := KLDivergence(m, lv)
	if err != nil {
		t.Fatal(err)
	}
	runForward(t, g, kl)
	// per element -½(1 + v - m² - e^v): 0; ½; -½(1 + ln2 - 4 - 2) = 2.1534; -½(1 - 1 - 0.25 - e^-1) = 0.30894
	want := (0 + 0.5 + 0.5*(5-math.Ln2) + 0.5*(0.25+math.Exp(-1))) / 2
	if got := scalarValue(t, kl.Value()); math.Abs(got-want) > 1e-6 {
		t.Fatalf("KL %.7f, want %.7f", got, want)
	}
}

// TestReparameterize: z = mean + exp(logVar/2)·ε with ε from the sampler;
// without a source z is the mean; the gradients match finite differences
// taken with the same ε.
func TestReparameterize(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	rng := rand.New(rand.NewPCG(5, 6))
	fill := func(_ *rand.Rand, _ []int, d []float32) {
		for i := range d {
			d[i] = float32(rng.Float64()*2 - 1)
		}
	}
	m, _ := g.Param("m", []int{3, 2}, fill)
	lv, _ := g.Param("lv", []int{3, 2}, fill)
	z, err := Reparameterize(g, m, lv)
	if err != nil {
		t.Fatal(err)
	}
	loss, err := weightedSum(g, z)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := gorgonia.Grad(loss, m, lv)
	if err != nil {
		t.Fatal(err)
	}
	vm := gorgonia.NewTapeMachine(g.ExprGraph)
	defer vm.Close()
	src := rand.NewPCG(1, 2)
	g.SetSampler(rand.New(src))
	run := func() float64 {
		src.Seed(1, 2)
		vm.Reset()
		if err := vm.RunAll(); err != nil {
			t.Fatal(err)
		}
		return scalarValue(t, loss.Value())
	}
	run()
	// z against the definition, with ε drawn the same way
	eps := rand.New(rand.NewPCG(1, 2))
	zs, _, _ := float32s(z.Value())
	for i, mv := range p.Data("m") {
		want := float64(mv) + math.Exp(float64(p.Data("lv")[i])/2)*eps.NormFloat64()
		if math.Abs(float64(zs[i])-want) > 1e-5 {
			t.Fatalf("z[%d] = %v, want %v", i, zs[i], want)
		}
	}
	analytic := make([][]float32, 2)
	for i, gn := range grads {
		d, _, _ := float32s(gn.Value())
		analytic[i] = append([]float32(nil), d...)
	}
	for i, name := range []string{"m", "lv"} {
		data := p.Data(name)
		for j := range data {
			old := data[j]
			data[j] = old + 1e-3
			up := run()
			data[j] = old - 1e-3
			down := run()
			data[j] = old
			num := (up - down) / 2e-3
			if math.Abs(num-float64(analytic[i][j])) > 1e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s[%d]: symbolic %.5f, finite difference %.5f", name, j, analytic[i][j], num)
			}
		}
	}
	// no source: z is the mean
	g.SetSampler(nil)
	vm.Reset()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	zs, _, _ = float32s(z.Value())
	for i, mv := range p.Data("m") {
		if zs[i] != mv {
			t.Fatalf("without a source z[%d] = %v, want the mean %v", i, zs[i], mv)
		}
	}
	// no source and a log-variance whose exp(lv/2) overflows float32: still
	// the mean, and finite gradients (Inf·0 was NaN under the generic set)
	for i := range p.Data("lv") {
		p.Data("lv")[i] = 400
	}
	vm.Reset()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	zs, _, _ = float32s(z.Value())
	for i, mv := range p.Data("m") {
		if zs[i] != mv {
			t.Fatalf("without a source, log-variance 400: z[%d] = %v, want the mean %v", i, zs[i], mv)
		}
	}
	d, _, _ := float32s(grads[1].Value())
	for i, v := range d {
		if v != 0 {
			t.Fatalf("without a source, log-variance 400: d/dlv[%d] = %v, want 0", i, v)
		}
	}
}

package graph

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

// bnGraph builds a BatchNorm over a (4, 2) input holding the channels
// [1 2 3 4] and [0 0 0 4], training if train.
func bnGraph(t *testing.T, train bool) (*Params, *Graph, *BatchNorm, *gorgonia.Node) {
	t.Helper()
	p := NewParams(1)
	g := New(p)
	if train {
		g.SetTraining(rand.New(rand.NewPCG(1, 1)))
	}
	x := g.Input("x", 4, 2)
	copy(x.Value().Data().([]float32), []float32{1, 0, 2, 0, 3, 0, 4, 4})
	b, err := NewBatchNorm(g, "bn", 2)
	if err != nil {
		t.Fatal(err)
	}
	y, err := b.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	return p, g, b, y
}

func TestBatchNormTraining(t *testing.T) {
	p, g, _, y := bnGraph(t, true)
	copy(p.Data("bn/gamma"), []float32{2, 1})
	copy(p.Data("bn/beta"), []float32{0, 0.5})
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	// batch statistics: means 2.5 and 1, biased variances 1.25 and 3
	want := func(x []float64, mean, v, gamma, beta float64) []float64 {
		var out []float64
		for _, xi := range x {
			out = append(out, gamma*(xi-mean)/math.Sqrt(v+1e-3)+beta)
		}
		return out
	}
	c0, c1 := want([]float64{1, 2, 3, 4}, 2.5, 1.25, 2, 0), want([]float64{0, 0, 0, 4}, 1, 3, 1, 0.5)
	mm, mv := []float64{0, 0}, []float64{1, 1}
	for run := range 2 {
		m.Reset()
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		got, _, _ := float32s(y.Value())
		for i := range 4 {
			if math.Abs(float64(got[2*i])-c0[i]) > 1e-5 || math.Abs(float64(got[2*i+1])-c1[i]) > 1e-5 {
				t.Fatalf("run %d: y = %v, want channels %v and %v", run, got, c0, c1)
			}
		}
		// every run moves the moving statistics by 1% toward the batch's
		for c, s := range [][2]float64{{2.5, 1.25}, {1, 3}} {
			mm[c] = 0.99*mm[c] + 0.01*s[0]
			mv[c] = 0.99*mv[c] + 0.01*s[1]
			if math.Abs(float64(p.Data("bn/moving_mean")[c])-mm[c]) > 1e-6 || math.Abs(float64(p.Data("bn/moving_var")[c])-mv[c]) > 1e-6 {
				t.Fatalf("run %d: moving mean %v var %v, want %v %v", run, p.Data("bn/moving_mean"), p.Data("bn/moving_var"), mm, mv)
			}
		}
	}
}

func TestBatchNormInference(t *testing.T) {
	p, g, _, y := bnGraph(t, false)
	copy(p.Data("bn/gamma"), []float32{2, 1})
	copy(p.Data("bn/beta"), []float32{0, 0.5})
	copy(p.Data("bn/moving_mean"), []float32{1, -1})
	copy(p.Data("bn/moving_var"), []float32{4, 0.25})
	got := runForward(t, g, y)
	for i, xi := range []float64{1, 0, 2, 0, 3, 0, 4, 4} {
		var want float64
		if i%2 == 0 {
			want = 2 * (xi - 1) / math.Sqrt(4.001)
		} else {
			want = (xi+1)/math.Sqrt(0.251) + 0.5
		}
		if math.Abs(float64(got[i])-want) > 1e-5 {
			t.Fatalf("y[%d] = %v, want %v", i, got[i], want)
		}
	}
	if !slices.Equal(p.Data("bn/moving_mean"), []float32{1, -1}) || !slices.Equal(p.Data("bn/moving_var"), []float32{4, 0.25}) {
		t.Fatal("inference changed the moving statistics")
	}
}

// TestBatchNormFreshInference checks that a fresh layer in inference is
// x / sqrt(1 + epsilon), as in Keras.
func TestBatchNormFreshInference(t *testing.T) {
	_, g, _, y := bnGraph(t, false)
	got := runForward(t, g, y)
	for i, xi := range []float64{1, 0, 2, 0, 3, 0, 4, 4} {
		if want := xi / math.Sqrt(1.001); math.Abs(float64(got[i])-want) > 1e-6 {
			t.Fatalf("y[%d] = %v, want %v", i, got[i], want)
		}
	}
}

func TestBatchNormParameters(t *testing.T) {
	p, g, b, _ := bnGraph(t, true)
	if b.Kind() != "BatchNormalization" || b.Name() != "bn" {
		t.Fatalf("%s %s", b.Kind(), b.Name())
	}
	if want := []string{"bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_var"}; !slices.Equal(p.Names(), want) {
		t.Fatalf("Names = %v, want %v", p.Names(), want)
	}
	if want := []string{"bn/gamma", "bn/beta"}; !slices.Equal(p.TrainableNames(), want) {
		t.Fatalf("TrainableNames = %v, want %v", p.TrainableNames(), want)
	}
	var names []string
	for _, n := range b.Learnables() {
		names = append(names, n.Name())
	}
	var gnames []string
	for _, n := range g.Learnables() {
		gnames = append(gnames, n.Name())
	}
	if want := []string{"bn/gamma", "bn/beta"}; !slices.Equal(names, want) || !slices.Equal(gnames, want) {
		t.Fatalf("Learnables: layer %v, graph %v", names, gnames)
	}
	if !slices.Equal(p.Data("bn/gamma"), []float32{1, 1}) || !slices.Equal(p.Data("bn/moving_var"), []float32{1, 1}) ||
		!slices.Equal(p.Data("bn/beta"), []float32{0, 0}) || !slices.Equal(p.Data("bn/moving_mean"), []float32{0, 0}) {
		t.Fatal("wrong initial values")
	}
}

func TestBatchNormImages(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	g.SetTraining(rand.New(rand.NewPCG(1, 1)))
	x := g.Input("x", 3, 2, 4, 5)
	copy(x.Value().Data().([]float32), fill(rand.New(rand.NewPCG(9, 9)), 120))
	b, err := NewBatchNorm(g, "bn", 2)
	if err != nil {
		t.Fatal(err)
	}
	y, err := b.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y.Shape(), []int{3, 2, 4, 5}) {
		t.Fatalf("shape %v", y.Shape())
	}
	got := runForward(t, g, y)
	// each channel's 60 outputs have mean 0 and variance var/(var+eps)
	xv := x.Value().Data().([]float32)
	for c := range 2 {
		var sx, qx, sy, qy float64
		for i := range 3 {
			for j := range 20 {
				k := (i*2+c)*20 + j
				sx += float64(xv[k])
				qx += float64(xv[k]) * float64(xv[k])
				sy += float64(got[k])
				qy += float64(got[k]) * float64(got[k])
			}
		}
		vx := qx/60 - (sx/60)*(sx/60)
		if math.Abs(sy/60) > 1e-5 || math.Abs(qy/60-vx/(vx+1e-3)) > 1e-4 {
			t.Fatalf("channel %d: mean %v, variance %v", c, sy/60, qy/60)
		}
		if want := 0.01 * sx / 60; math.Abs(float64(p.Data("bn/moving_mean")[c])-want) > 1e-6 {
			t.Fatalf("moving mean %v, want %v", p.Data("bn/moving_mean")[c], want)
		}
	}
}

func TestBatchNormGradient(t *testing.T) {
	for _, train := range []bool{true, false} {
		for _, xs := range [][]int{{5, 3}, {2, 3, 2, 3}} {
			name := "inference"
			if train {
				name = "training"
			}
			t.Run(name, func(t *testing.T) {
				var setup func(*Graph)
				if train {
					setup = func(g *Graph) { g.SetTraining(rand.New(rand.NewPCG(1, 1))) }
				}
				gradCheckWith(t, map[string][]int{"x": xs}, setup, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					b, err := NewBatchNorm(g, "bn", 3)
					if err != nil {
						return nil, err
					}
					copy(g.Params().Data("bn/gamma"), []float32{1.5, -0.7, 0.4})
					copy(g.Params().Data("bn/beta"), []float32{0.1, 0.2, -0.3})
					copy(g.Params().Data("bn/moving_mean"), []float32{0.2, -0.1, 0.3})
					copy(g.Params().Data("bn/moving_var"), []float32{0.5, 2, 0.8})
					y, err := b.Fwd(p["x"])
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				}, nil)
			})
		}
	}
}

func TestBatchNormErrors(t *testing.T) {
	g := New(NewParams(1))
	b, err := NewBatchNorm(g, "bn", 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"zeroChannels", func() error { _, err := NewBatchNorm(g, "z", 0); return err }},
		{"wrongChannels", func() error { _, err := b.Fwd(g.Input("x", 2, 4)); return err }},
		{"vector", func() error { _, err := b.Fwd(g.Input("v", 3)); return err }},
		{"otherGraph", func() error { _, err := b.Fwd(New(g.Params()).Input("x", 2, 3)); return err }},
		{"badMomentum", func() error {
			b2, _ := NewBatchNorm(g, "m", 3)
			b2.Momentum = 1.5
			_, err := b2.Fwd(g.Input("x2", 2, 3))
			return err
		}},
		{"stateClash", func() error {
			if _, err := g.Param("c/moving_mean", []int{3}, Zeros); err != nil {
				return nil
			}
			_, err := NewBatchNorm(g, "c", 3)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f() == nil {
				t.Fatal("want an error")
			}
		})
	}
}

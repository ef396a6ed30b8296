package graph

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestState checks that state parameters are saved (Names) but not trained
// (Learnables, TrainableNames), and that a name keeps its kind.
func TestState(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	if _, err := g.Param("a/w", []int{2}, Zeros); err != nil {
		t.Fatal(err)
	}
	s, err := g.State("a/mean", []int{2}, Ones)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Param("a/b", []int{2}, Zeros); err != nil {
		t.Fatal(err)
	}
	if got, want := p.Names(), []string{"a/w", "a/mean", "a/b"}; !slices.Equal(got, want) {
		t.Errorf("Names = %v, want %v", got, want)
	}
	if got, want := p.TrainableNames(), []string{"a/w", "a/b"}; !slices.Equal(got, want) {
		t.Errorf("TrainableNames = %v, want %v", got, want)
	}
	var learn []string
	for _, n := range g.Learnables() {
		learn = append(learn, n.Name())
	}
	if want := []string{"a/w", "a/b"}; !slices.Equal(learn, want) {
		t.Errorf("Learnables = %v, want %v", learn, want)
	}
	for name, want := range map[string]bool{"a/w": true, "a/mean": false, "missing": false} {
		if got := p.Trainable(name); got != want {
			t.Errorf("Trainable(%q) = %v, want %v", name, got, want)
		}
	}
	if got := p.Data("a/mean"); !slices.Equal(got, []float32{1, 1}) {
		t.Errorf("state initialised to %v, want ones", got)
	}
	if p.Count() != 6 {
		t.Errorf("Count = %d, want 6 (state included)", p.Count())
	}
	// the same node again, and the same tensor from a second graph
	if again, err := g.State("a/mean", []int{2}, Ones); err != nil || again != s {
		t.Errorf("State again: %v, %v", again, err)
	}
	g2 := New(p)
	if _, err := g2.State("a/mean", []int{2}, Ones); err != nil {
		t.Errorf("State in a second graph: %v", err)
	}
	for _, tc := range []struct {
		name string
		f    func() error
	}{
		{"stateAsParam", func() error { _, err := g.Param("a/mean", []int{2}, Zeros); return err }},
		{"paramAsState", func() error { _, err := g.State("a/w", []int{2}, Zeros); return err }},
		{"stateAsParamNewGraph", func() error { _, err := New(p).Param("a/mean", []int{2}, Zeros); return err }},
		{"paramAsStateNewGraph", func() error { _, err := New(p).State("a/w", []int{2}, Zeros); return err }},
		{"stateShape", func() error { _, err := g.State("a/mean", []int{3}, Zeros); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.f() == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func TestOnes(t *testing.T) {
	d := make([]float32, 3)
	Ones(rand.New(rand.NewPCG(1, 1)), []int{3}, d)
	if !slices.Equal(d, []float32{1, 1, 1}) {
		t.Fatalf("Ones = %v", d)
	}
}

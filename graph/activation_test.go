package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"

	"gorgonia.org/gorgonia"
)

// testSwish is x·σ(x), registered once per test binary (tests may run
// several times in one process).
var testSwish = sync.OnceValues(func() (Activation, error) {
	sig := func(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }
	return RegisterActivation("test_swish",
		func(x float32) float32 { return x * sig(x) },
		func(x, y float32) float32 { s := sig(x); return s + y*(1-s) })
})

func swish(t *testing.T) Activation {
	t.Helper()
	a, err := testSwish()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// allActivations returns every built-in activation and a registered one.
func allActivations(t *testing.T) []Activation {
	return []Activation{Linear, ReLU, Sigmoid, Tanh, LeakyReLU, ELU, Softplus, swish(t)}
}

func TestActivationNames(t *testing.T) {
	names := []string{"linear", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "test_swish"}
	for i, a := range allActivations(t) {
		t.Run(names[i], func(t *testing.T) {
			if a.String() != names[i] {
				t.Errorf("String = %q, want %q", a.String(), names[i])
			}
			got, err := ParseActivation(names[i])
			if err != nil || got != a {
				t.Errorf("ParseActivation(%q) = %v, %v", names[i], got, err)
			}
			b, err := json.Marshal(struct{ Act Activation }{a})
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(`{"Act":%q}`, names[i]); string(b) != want {
				t.Errorf("JSON %s, want %s", b, want)
			}
			var back struct{ Act Activation }
			if err := json.Unmarshal(b, &back); err != nil || back.Act != a {
				t.Errorf("JSON round trip: %v, %v", back.Act, err)
			}
		})
	}
	for _, bad := range []string{"", "Relu", "gelu"} {
		if _, err := ParseActivation(bad); err == nil {
			t.Errorf("ParseActivation(%q) accepted", bad)
		}
	}
	var a Activation
	if err := json.Unmarshal([]byte(`"nope"`), &a); err == nil {
		t.Error("unmarshalled an unknown activation")
	}
	if _, err := json.Marshal(Activation(1000)); err == nil {
		t.Error("marshalled an unknown activation")
	}
}

func TestRegisterActivationErrors(t *testing.T) {
	swish(t)
	f := func(x float32) float32 { return x }
	g := func(x, y float32) float32 { return 1 }
	for _, tc := range []struct {
		name, act string
		f         func(float32) float32
		g         func(float32, float32) float32
		dup       bool
	}{
		{"empty", "", f, g, false},
		{"blank", "  ", f, g, false},
		{"builtin", "relu", f, g, true},
		{"registered", "test_swish", f, g, true},
		{"nilFunc", "x1", nil, g, false},
		{"nilGrad", "x2", f, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RegisterActivation(tc.act, tc.f, tc.g)
			if err == nil {
				t.Fatal("want an error")
			}
			if errors.Is(err, ErrDuplicateActivation) != tc.dup {
				t.Fatalf("error %v: duplicate %v, want %v", err, !tc.dup, tc.dup)
			}
		})
	}
}

func TestPaddingText(t *testing.T) {
	for _, p := range []Padding{Same, Valid} {
		b, err := json.Marshal(p)
		if err != nil || string(b) != fmt.Sprintf("%q", p.String()) {
			t.Errorf("JSON of %v: %s, %v", p, b, err)
		}
		var back Padding
		if err := json.Unmarshal(b, &back); err != nil || back != p {
			t.Errorf("round trip of %v: %v, %v", p, back, err)
		}
	}
	var p Padding
	if err := json.Unmarshal([]byte(`"full"`), &p); err == nil {
		t.Error("unmarshalled padding full")
	}
	if _, err := Padding(7).MarshalText(); err == nil {
		t.Error("marshalled an unknown padding")
	}
}

// TestActivationValues checks the new activations, fused with a bias and
// alone, against hand-computed values.
func TestActivationValues(t *testing.T) {
	x := []float32{-2, -0.5, 0, 1.5}
	for _, tc := range []struct {
		act  Activation
		want func(float64) float64
	}{
		{Tanh, math.Tanh},
		{LeakyReLU, func(z float64) float64 { return math.Max(z, 0.2*z) }},
		{ELU, func(z float64) float64 {
			if z > 0 {
				return z
			}
			return math.Exp(z) - 1
		}},
		{Softplus, func(z float64) float64 { return math.Log(1 + math.Exp(z)) }},
		{swish(t), func(z float64) float64 { return z / (1 + math.Exp(-z)) }},
	} {
		t.Run(tc.act.String(), func(t *testing.T) {
			g := New(NewParams(1))
			xn := g.Input("x", 2, 2)
			b := g.Input("b", 2)
			copy(xn.Value().Data().([]float32), x)
			copy(b.Value().Data().([]float32), []float32{0.25, -1})
			y, err := BiasActivation(xn, b, tc.act)
			if err != nil {
				t.Fatal(err)
			}
			got := runForward(t, g, y)
			for i, z := range []float64{-1.75, -1.5, 0.25, 0.5} {
				if d := math.Abs(float64(got[i]) - tc.want(z)); d > 1e-6 {
					t.Errorf("BiasActivation: y[%d] = %v, want %v", i, got[i], tc.want(z))
				}
			}
			g = New(NewParams(1))
			xn = g.Input("x", 4)
			copy(xn.Value().Data().([]float32), x)
			if y, err = tc.act.Apply(xn); err != nil {
				t.Fatal(err)
			}
			got = runForward(t, g, y)
			for i, z := range x {
				if d := math.Abs(float64(got[i]) - tc.want(float64(z))); d > 1e-6 {
					t.Errorf("Apply: y[%d] = %v, want %v", i, got[i], tc.want(float64(z)))
				}
			}
		})
	}
}

// TestEveryActivationGradient checks every activation's gradient, fused with
// a bias on dense and conv shapes and alone, and through Dense, Conv2D and
// Conv2DTranspose layers.
func TestEveryActivationGradient(t *testing.T) {
	for _, act := range allActivations(t) {
		t.Run(act.String(), func(t *testing.T) {
			for _, xs := range [][]int{{3, 4}, {2, 3, 2, 2}} {
				gradCheck(t, map[string][]int{"x": xs, "b": {xs[1]}}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					y, err := BiasActivation(p["x"], p["b"], act)
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				})
				gradCheck(t, map[string][]int{"x": xs}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					y, err := act.Apply(p["x"])
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				})
			}
			for _, layer := range []string{"Dense", "Conv2D", "Conv2DTranspose"} {
				shape := map[string][]int{"x": {2, 2, 3, 3}}
				if layer == "Dense" {
					shape["x"] = []int{3, 5}
				}
				gradCheck(t, shape, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
					var l Layer
					var err error
					switch layer {
					case "Dense":
						l, err = NewDense(g, "l", 5, 4, act)
					case "Conv2D":
						l, err = NewConv2DStride(g, "l", 2, 3, 3, 2, Same, act)
					default:
						l, err = NewConv2DTranspose(g, "l", 2, 3, 3, 2, Same, act)
					}
					if err != nil {
						return nil, err
					}
					for i := range g.Params().Data("l/b") {
						g.Params().Data("l/b")[i] = 0.1*float32(i) + 0.03 // keeps relu's kinks away from every pre-activation
					}
					y, err := l.Fwd(p["x"])
					if err != nil {
						return nil, err
					}
					return weightedSum(g, y)
				})
			}
		})
	}
}

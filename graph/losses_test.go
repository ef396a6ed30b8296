package graph

import (
	"encoding/json"
	"math"
	"testing"
)

// TestLossKinds: every loss of the table is the mean of its Value over the
// elements, no less than its Floor on the targets it takes, with an
// Excess of 0 for a perfect reconstruction and above 0 otherwise; its
// aliases read as its name.
func TestLossKinds(t *testing.T) {
	ys := []float32{0, 1, 0.25, 0.5, 0.9, 0.1}
	rs := []float32{0.1, 0.8, 0.25, 0.7, 0.5, 0.02} // outputs in (0, 1)
	for _, k := range LossKinds() {
		t.Run(string(k.Name), func(t *testing.T) {
			g := New(NewParams(1))
			x, y := g.Input("x", 2, 3), g.Input("y", 2, 3)
			copy(y.Value().Data().([]float32), ys)
			pred := x.Value().Data().([]float32)
			for i, r := range rs {
				pred[i] = r
				if k.Logits && k.Output == Sigmoid {
					pred[i] = float32(math.Log(float64(r) / (1 - float64(r))))
				}
			}
			loss, err := k.Build(x, y)
			if err != nil {
				t.Fatal(err)
			}
			var want float64
			for i, v := range ys {
				want += k.Value(float64(v), float64(rs[i])) / float64(len(ys))
				if l := k.Value(float64(v), float64(v)); l < k.Floor {
					t.Errorf("Value(%g, %g) = %g, below the floor %g", v, v, l, k.Floor)
				}
				if e := k.Excess(float64(v), float64(v)); e != 0 {
					t.Errorf("Excess(%g, %g) = %g, want 0", v, v, e)
				}
				if e := k.Excess(float64(v), float64(rs[i])); v != rs[i] && !(e > 0) {
					t.Errorf("Excess(%g, %g) = %g, want > 0", v, rs[i], e)
				}
			}
			if got := float64(runForward(t, g, loss)[0]); math.Abs(got-want) > 1e-5*want {
				t.Errorf("loss %g, the mean of Value %g", got, want)
			}
			for _, a := range k.Aliases {
				var l Loss
				if err := json.Unmarshal([]byte(`"`+a+`"`), &l); err != nil || l != k.Name {
					t.Errorf("alias %q reads as %q, %v", a, l, err)
				}
			}
		})
	}
	if k, err := Loss("").Kind(); err != nil || k.Name != BCE {
		t.Errorf(`Loss("").Kind() = %v, %v; want bce`, k.Name, err)
	}
	if _, err := Loss("hinge").Kind(); err == nil {
		t.Error("an unknown loss has a kind")
	}
}

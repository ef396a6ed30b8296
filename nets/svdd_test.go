package nets

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
)

// TestSVDDLossHandComputed checks both objectives on codes whose
// distances are worked by hand: codes (1, 2) and (3, 0), centre (1, 1):
// squared distances 1 and 5, one-class loss their mean 3. Soft-boundary
// with R = 1.5 (R² = 2.25) and ν = 0.5: R² + (1/ν)·mean(max(0, d - R²)) =
// 2.25 + 2·(0 + 2.75)/2 = 5.
func TestSVDDLossHandComputed(t *testing.T) {
	for _, tc := range []struct {
		nu, want float64
	}{{0, 3}, {0.5, 5}, {1, 2.25 + 2.75/2}} {
		g := graph.New(graph.NewParams(1))
		z := g.Input("z", 2, 2)
		c := g.Input("c", 1, 2)
		r := g.Input("r", 1)
		copy(z.Value().Data().([]float32), []float32{1, 2, 3, 0})
		copy(c.Value().Data().([]float32), []float32{1, 1})
		r.Value().Data().([]float32)[0] = 1.5
		loss, err := SVDDLoss(z, c, r, tc.nu)
		if err != nil {
			t.Fatal(err)
		}
		m := gorgonia.NewTapeMachine(g.ExprGraph)
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		got := loss.Value().Data()
		v, ok := got.(float32)
		if !ok {
			v = got.([]float32)[0]
		}
		if math.Abs(float64(v)-tc.want) > 1e-5 {
			t.Errorf("nu %g: loss %v, want %v", tc.nu, v, tc.want)
		}
		m.Close()
	}
}

// svddSpec is a small dense net whose code is a bias-free dense layer.
func svddSpec() Spec {
	return Spec{
		Input:     []int{4},
		Encoder:   []Layer{Dense(3, graph.Linear).NoBias()},
		Decoder:   []Layer{Dense(0, graph.Sigmoid)},
		Loss:      graph.MSE,
		Objective: ObjectiveSVDD,
		SVDD:      &SVDD{Center: []float32{0.5, -0.25, 1}},
		Seed:      3,
	}
}

// TestSVDDScoresAreDistances checks that AnomalyScores of an svdd model
// are the squared distances of the codes to the centre, the codes worked
// out here in float64 from the weights (x·W, the layer has no bias).
func TestSVDDScoresAreDistances(t *testing.T) {
	a, err := New(svddSpec())
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(a.Params().Names(), "encoder/dense0/b") {
		t.Fatalf("a bias-free code layer has a bias: %v", a.Params().Names())
	}
	x := []float32{0.1, 0.9, 0.3, 0.5, 1, 0, 0.2, 0.7}
	got, err := a.AnomalyScores(x)
	if err != nil {
		t.Fatal(err)
	}
	w := a.Params().Data("encoder/dense0/w") // (4, 3)
	c := []float64{0.5, -0.25, 1}
	for i := range 2 {
		var d float64
		for j := range 3 {
			var z float64
			for k := range 4 {
				z += float64(x[i*4+k]) * float64(w[k*3+j])
			}
			d += (z - c[j]) * (z - c[j])
		}
		if math.Abs(got[i]-d) > 1e-5*math.Max(1, d) {
			t.Errorf("row %d: score %v, distance %v", i, got[i], d)
		}
	}
}

// TestSVDDSpecErrors checks the bad settings: svdd on a code that is not
// dense, ν outside (0, 1], a centre of the wrong size, svdd state on a
// reconstruction model, bias and affine on kinds without them.
func TestSVDDSpecErrors(t *testing.T) {
	conv := Spec{Input: []int{1, 8, 8}, Encoder: []Layer{Conv(2, 3, graph.ReLU)}, Decoder: []Layer{Conv(0, 3, graph.Sigmoid)}, Objective: ObjectiveSVDD}
	nu := svddSpec()
	nu.SVDD.Nu = 1.5
	centre := svddSpec()
	centre.SVDD.Center = []float32{1}
	state := svddSpec()
	state.Objective = ""
	pool := Spec{Input: []int{1, 8, 8}, Encoder: []Layer{MaxPool(2).NoBias()}, Decoder: []Layer{UpSample(2), Conv(0, 3, graph.Sigmoid)}}
	affine := svddSpec()
	affine.Encoder = []Layer{Dense(3, graph.Linear).NoAffine(0)}
	for _, tc := range []struct {
		name string
		s    Spec
		want string
	}{
		{"conv code", conv, "svdd needs a code from a dense layer"},
		{"nu", nu, "must be in (0, 1]"},
		{"centre", centre, "has 1 values, the code 3"},
		{"state without svdd", state, "only with the objective"},
		{"bias on a pool", pool, "no bias to leave out"},
		{"affine on dense", affine, "only a batchnorm"},
	} {
		err := tc.s.Check()
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want one line with %q", tc.name, err, tc.want)
		}
	}
	if err := CheckNu(0); err == nil {
		t.Error("CheckNu(0) passes")
	}
	if err := CheckNu(1); err != nil {
		t.Errorf("CheckNu(1): %v", err)
	}
}

// TestBiasFalseJSON checks that "bias": false and "affine": false read
// from JSON build layers without those parameters.
func TestBiasFalseJSON(t *testing.T) {
	s, err := ParseSpec([]byte(`{"input":[1,8,8],"encoder":[{"type":"conv2d","filters":2,"kernel":3,"bias":false},{"type":"batchnorm","affine":false,"epsilon":0.0001,"activation":"leaky_relu_0.01"},{"type":"flatten"},{"type":"dense","units":4,"bias":false}],"decoder":[{"type":"dense","units":64},{"type":"reshape","shape":[1,8,8]},{"type":"conv2d","kernel":3}],"loss":"mse"}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"encoder/conv0/w", "encoder/bn0/moving_mean", "encoder/bn0/moving_var", "encoder/dense0/w", "decoder/dense0/w", "decoder/dense0/b", "decoder/conv0/w", "decoder/conv0/b"}
	if got := a.Params().Names(); !slices.Equal(got, want) {
		t.Errorf("params %v, want %v", got, want)
	}
	if _, err := a.AnomalyScores(make([]float32, 2*64)); err != nil {
		t.Fatal(err)
	}
}

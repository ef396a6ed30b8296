package train_test

import (
	"math"
	"testing"

	"github.com/go-autoencoders/ae/train"
)

// TestOptimizerSteps checks two steps of every optimizer against updates
// computed by hand from Keras's formulas.
func TestOptimizerSteps(t *testing.T) {
	g1, g2 := 0.5, -0.25
	adam := func() []float64 {
		w, m, v := 1.0, 0.0, 0.0
		var out []float64
		for i, g := range []float64{g1, g2} {
			tt := float64(i + 1)
			m = 0.9*m + 0.1*g
			v = 0.999*v + 0.001*g*g
			lr := 0.1 * math.Sqrt(1-math.Pow(0.999, tt)) / (1 - math.Pow(0.9, tt))
			w -= lr * m / (math.Sqrt(v) + 1e-7)
			out = append(out, w)
		}
		return out
	}
	adadelta := func() []float64 {
		w, ag, ad := 1.0, 0.0, 0.0
		var out []float64
		for _, g := range []float64{g1, g2} {
			ag = 0.95*ag + 0.05*g*g
			d := math.Sqrt(ad+1e-7) / math.Sqrt(ag+1e-7) * g
			ad = 0.95*ad + 0.05*d*d
			w -= 1.0 * d
			out = append(out, w)
		}
		return out
	}
	rmsprop := func() []float64 {
		w, v := 1.0, 0.0
		var out []float64
		for _, g := range []float64{g1, g2} {
			v = 0.9*v + 0.1*g*g
			w -= 0.1 * g / (math.Sqrt(v) + 1e-7)
			out = append(out, w)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		opt  train.Optimizer
		want []float64
	}{
		{"adam", train.NewAdam(0.1), adam()},
		{"adadelta", train.NewAdadelta(1.0), adadelta()},
		{"rmsprop", train.NewRMSprop(0.1), rmsprop()},
		{"sgd", train.NewSGD(0.1, 0), []float64{1 - 0.05, 1 - 0.05 + 0.025}},
		{"sgdMomentum", train.NewSGD(0.1, 0.9), []float64{1 - 0.05, 1 - 0.05 + (0.9*-0.05 + 0.025)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := []float32{1}
			for i, g := range []float64{g1, g2} {
				tc.opt.Step([]string{"w"}, [][]float32{w}, [][]float32{{float32(g)}})
				if math.Abs(float64(w[0])-tc.want[i]) > 1e-5 {
					t.Fatalf("step %d: w = %v, want %v", i+1, w[0], tc.want[i])
				}
			}
			if it, _ := tc.opt.State(); it != 2 {
				t.Fatalf("iterations = %d, want 2", it)
			}
		})
	}
}

func TestNewOptimizer(t *testing.T) {
	for _, tc := range []struct {
		name string
		lr   float64
		want float64
		ok   bool
	}{
		{"adam", 0, 1e-3, true},
		{"adadelta", 0, 1.0, true},
		{"rmsprop", 0.5, 0.5, true},
		{"sgd", 0, 1e-2, true},
		{"adagrad", 0, 0, false},
		{"adam", -1, 0, false},
		{"adam", math.NaN(), 0, false},
	} {
		o, err := train.NewOptimizer(tc.name, tc.lr)
		if (err == nil) != tc.ok {
			t.Errorf("NewOptimizer(%q, %g) error %v, want ok=%v", tc.name, tc.lr, err, tc.ok)
			continue
		}
		if tc.ok && (o.Name() != tc.name || o.LearningRate() != tc.want) {
			t.Errorf("NewOptimizer(%q, %g) = %s lr %g", tc.name, tc.lr, o.Name(), o.LearningRate())
		}
	}
}

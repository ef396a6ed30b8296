package train_test

import (
	"maps"
	"math"
	"slices"
	"strings"
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

// stepped returns o after one step on the weights "a" (3 values) and "b"
// (2 values), and the sizes of those weights.
func stepped(o train.Optimizer) (train.Optimizer, map[string]int) {
	w := [][]float32{{1, 2, 3}, {4, 5}}
	g := [][]float32{{0.5, -0.25, 1}, {-1, 0.125}}
	o.Step([]string{"a", "b"}, w, g)
	return o, map[string]int{"a": 3, "b": 2}
}

// copyState returns a deep copy of o's state.
func copyState(o train.Optimizer) (int, map[string][]float32) {
	it, slots := o.State()
	out := map[string][]float32{}
	for k, v := range slots {
		out[k] = append([]float32(nil), v...)
	}
	return it, out
}

func sameState(t *testing.T, o train.Optimizer, it int, want map[string][]float32) {
	t.Helper()
	gotIt, got := o.State()
	if gotIt != it || len(got) != len(want) {
		t.Fatalf("state changed: %d iterations, %d slots; want %d, %d", gotIt, len(got), it, len(want))
	}
	for k, v := range want {
		if len(got[k]) != len(v) {
			t.Fatalf("slot %q changed length: %d, want %d", k, len(got[k]), len(v))
		}
		for i := range v {
			if got[k][i] != v[i] {
				t.Fatalf("slot %q[%d] changed: %v, want %v", k, i, got[k][i], v[i])
			}
		}
	}
}

// TestSetStateChecks hands every optimizer states that do not fit it and
// checks that SetState refuses each one, naming the slot at fault, and
// changes nothing.
func TestSetStateChecks(t *testing.T) {
	type state struct {
		it    int
		slots map[string][]float32
	}
	// edit returns a copy of the state of o after one step, changed by f.
	edit := func(o train.Optimizer, f func(s *state)) state {
		it, slots := copyState(o)
		s := state{it, slots}
		f(&s)
		return s
	}
	for _, name := range []string{"adam", "rmsprop", "adadelta", "sgdMomentum"} {
		newOpt := func() train.Optimizer {
			if name == "sgdMomentum" {
				return train.NewSGD(0.1, 0.9)
			}
			o, err := train.NewOptimizer(name, 0)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		ref, sizes := stepped(newOpt())
		_, refSlots := ref.State()
		first := sortedKeys(refSlots)[0] // e.g. "m/a"
		kind := first[:strings.IndexByte(first, '/')]
		cases := []struct {
			name    string
			s       state
			mention string
		}{
			{"short slot", edit(ref, func(s *state) { s.slots[first] = s.slots[first][:1] }), first},
			{"long slot", edit(ref, func(s *state) { s.slots[first] = append(s.slots[first], 0) }), first},
			{"missing slot", edit(ref, func(s *state) { delete(s.slots, kind+"/b") }), kind + "/b"},
			{"slot of no weight", edit(ref, func(s *state) { s.slots[kind+"/c"] = []float32{0} }), kind + "/c"},
			{"unknown kind", edit(ref, func(s *state) { s.slots["momentum/a"] = []float32{0, 0, 0} }), "momentum/a"},
			{"no kind", edit(ref, func(s *state) { s.slots["a"] = []float32{0, 0, 0} }), `"a"`},
			{"NaN", edit(ref, func(s *state) { s.slots[first][1] = float32(math.NaN()) }), first},
			{"Inf", edit(ref, func(s *state) { s.slots[first][2] = float32(math.Inf(-1)) }), first},
			{"negative iterations", edit(ref, func(s *state) { s.it = -1 }), "-1"},
			{"no slots after steps", state{3, nil}, "missing slot"},
		}
		if name == "adam" {
			cases = append(cases, struct {
				name    string
				s       state
				mention string
			}{"negative second moment", edit(ref, func(s *state) { s.slots["v/a"][0] = -1 }), "v/a"})
		}
		for _, tc := range cases {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				o, _ := stepped(newOpt())
				it, before := copyState(o)
				err := o.SetState(tc.s.it, tc.s.slots, sizes)
				if err == nil {
					t.Fatal("SetState accepted it")
				}
				if !strings.Contains(err.Error(), tc.mention) || !strings.HasPrefix(err.Error(), "train: optimizer ") {
					t.Errorf("error %q does not mention %s", err, tc.mention)
				}
				sameState(t, o, it, before)
			})
		}
	}
}

// TestSetStateOtherOptimizer restores the slots of one optimizer into
// another.
func TestSetStateOtherOptimizer(t *testing.T) {
	sizes := map[string]int{"a": 3, "b": 2}
	for _, tc := range []struct {
		name     string
		from, to train.Optimizer
		mention  string
	}{
		{"adam into sgd", train.NewAdam(0.1), train.NewSGD(0.1, 0), `"m/a"`},
		{"adam into sgd with momentum", train.NewAdam(0.1), train.NewSGD(0.1, 0.9), `"m/a"`},
		{"sgd with momentum into adam", train.NewSGD(0.1, 0.9), train.NewAdam(0.1), `"velocity/a"`},
		{"rmsprop into adadelta", train.NewRMSprop(0.1), train.NewAdadelta(1), `"v/a"`},
		{"sgd into adam", train.NewSGD(0.1, 0), train.NewAdam(0.1), `missing slot "m/a"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, _ := stepped(tc.from)
			it, slots := copyState(from)
			err := tc.to.SetState(it, slots, sizes)
			if err == nil || !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("SetState = %v, want an error mentioning %s", err, tc.mention)
			}
		})
	}
}

// TestSetStateRoundTrip restores a state into a fresh optimizer, which then
// steps exactly as the original; the restored slots are copies.
func TestSetStateRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		newOpt func() train.Optimizer
	}{
		{"adam", func() train.Optimizer { return train.NewAdam(0.1) }},
		{"rmsprop", func() train.Optimizer { return train.NewRMSprop(0.1) }},
		{"adadelta", func() train.Optimizer { return train.NewAdadelta(1) }},
		{"sgd", func() train.Optimizer { return train.NewSGD(0.1, 0) }},
		{"sgdMomentum", func() train.Optimizer { return train.NewSGD(0.1, 0.9) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref, sizes := stepped(tc.newOpt())
			it, slots := copyState(ref)
			restored := tc.newOpt()
			if err := restored.SetState(it, slots, sizes); err != nil {
				t.Fatal(err)
			}
			for _, v := range slots {
				v[0] = 1e6 // the restored optimizer holds copies
			}
			w1, w2 := []float32{1, 2, 3}, []float32{1, 2, 3}
			g := [][]float32{{0.5, 0.5, -0.5}, {1, 1}}
			ref.Step([]string{"a", "b"}, [][]float32{w1, {0, 0}}, g)
			restored.Step([]string{"a", "b"}, [][]float32{w2, {0, 0}}, g)
			for i := range w1 {
				if w1[i] != w2[i] {
					t.Fatalf("after restoring, w[%d] = %v, want %v", i, w2[i], w1[i])
				}
			}
			if it, _ := restored.State(); it != 2 {
				t.Fatalf("iterations %d, want 2", it)
			}
		})
	}
	// before any step there are no slots, which SetState accepts
	if err := train.NewAdam(0.1).SetState(0, nil, map[string]int{"a": 3}); err != nil {
		t.Fatalf("empty state at iteration 0: %v", err)
	}
}

// TestSetStateShortSlotThenStep guards against the panic "index out of
// range" that Adam.Step raised after SetState accepted a slot shorter than
// its weight.
func TestSetStateShortSlotThenStep(t *testing.T) {
	o := train.NewAdam(0.1)
	slots := map[string][]float32{"m/w": {0}, "v/w": {0, 0, 0}}
	err := o.SetState(5, slots, map[string]int{"w": 3})
	if err == nil || !strings.Contains(err.Error(), `"m/w" has 1 values, weight "w" has 3`) {
		t.Fatalf("SetState = %v, want an error about m/w", err)
	}
	w := []float32{1, 2, 3}
	o.Step([]string{"w"}, [][]float32{w}, [][]float32{{1, 1, 1}}) // must not panic
	if it, _ := o.State(); it != 1 {
		t.Fatalf("iterations %d after one step from a refused state, want 1", it)
	}
}

func TestHyper(t *testing.T) {
	for _, tc := range []struct {
		opt  train.Optimizer
		want map[string]float64
	}{
		{train.NewAdam(0.5), map[string]float64{"learning_rate": 0.5, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}},
		{train.NewRMSprop(0.5), map[string]float64{"learning_rate": 0.5, "rho": 0.9, "epsilon": 1e-7}},
		{train.NewAdadelta(0.5), map[string]float64{"learning_rate": 0.5, "rho": 0.95, "epsilon": 1e-7}},
		{train.NewSGD(0.5, 0.8), map[string]float64{"learning_rate": 0.5, "momentum": 0.8}},
	} {
		t.Run(tc.opt.Name(), func(t *testing.T) {
			if got := tc.opt.Hyper(); !maps.Equal(got, tc.want) {
				t.Fatalf("Hyper() = %v, want %v", got, tc.want)
			}
			o, err := train.NewOptimizerFrom(tc.opt.Name(), tc.want)
			if err != nil {
				t.Fatal(err)
			}
			if o.Name() != tc.opt.Name() || !maps.Equal(o.Hyper(), tc.want) {
				t.Fatalf("NewOptimizerFrom(%s, %v) = %s %v", tc.opt.Name(), tc.want, o.Name(), o.Hyper())
			}
		})
	}
}

func TestNewOptimizerFrom(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opt     string
		hyper   map[string]float64
		want    map[string]float64 // nil: an error mentioning mention
		mention string
	}{
		{"defaults", "adam", nil, map[string]float64{"learning_rate": 1e-3, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}, ""},
		{"some keys", "rmsprop", map[string]float64{"rho": 0}, map[string]float64{"learning_rate": 1e-3, "rho": 0, "epsilon": 1e-7}, ""},
		{"adadelta default lr", "adadelta", map[string]float64{}, map[string]float64{"learning_rate": 1, "rho": 0.95, "epsilon": 1e-7}, ""},
		{"sgd momentum", "sgd", map[string]float64{"momentum": 0.9}, map[string]float64{"learning_rate": 1e-2, "momentum": 0.9}, ""},
		{"unknown optimizer", "adagrad", nil, nil, `"adagrad"`},
		{"unknown key", "sgd", map[string]float64{"beta_1": 0.9}, nil, `"beta_1"`},
		{"NaN", "adam", map[string]float64{"learning_rate": math.NaN()}, nil, "learning_rate"},
		{"Inf", "adam", map[string]float64{"epsilon": math.Inf(1)}, nil, "epsilon"},
		{"zero lr", "adam", map[string]float64{"learning_rate": 0}, nil, "learning_rate"},
		{"negative lr", "sgd", map[string]float64{"learning_rate": -1}, nil, "learning_rate"},
		{"beta_1 of 1", "adam", map[string]float64{"beta_1": 1}, nil, "beta_1 must be in [0, 1). Received: 1"},
		{"negative beta_2", "adam", map[string]float64{"beta_2": -0.1}, nil, "beta_2"},
		{"zero epsilon", "adadelta", map[string]float64{"epsilon": 0}, nil, "epsilon"},
		{"rho above 1", "rmsprop", map[string]float64{"rho": 1.5}, nil, "rho"},
		{"momentum of 1", "sgd", map[string]float64{"momentum": 1}, nil, "momentum"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := train.NewOptimizerFrom(tc.opt, tc.hyper)
			if tc.want == nil {
				if err == nil || !strings.Contains(err.Error(), tc.mention) || !strings.HasPrefix(err.Error(), "train: ") {
					t.Fatalf("NewOptimizerFrom = %v, want an error mentioning %s", err, tc.mention)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Name() != tc.opt || !maps.Equal(o.Hyper(), tc.want) {
				t.Fatalf("got %s %v, want %s %v", o.Name(), o.Hyper(), tc.opt, tc.want)
			}
		})
	}
}

func sortedKeys(m map[string][]float32) []string {
	return slices.Sorted(maps.Keys(m))
}

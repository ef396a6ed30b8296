package train_test

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// TestCenterEps checks the centre's ε rule: coordinates nearer 0 than ε
// become ±ε by their sign, 0 becomes +ε, the others stay.
func TestCenterEps(t *testing.T) {
	for _, tc := range []struct{ v, want float64 }{
		{0.05, 0.1}, {-0.05, -0.1}, {0, 0.1}, {0.1, 0.1}, {-0.3, -0.3}, {2, 2}, {-0.0999, -0.1},
	} {
		if got := train.CenterEps(tc.v, 0.1); got != tc.want {
			t.Errorf("CenterEps(%v, 0.1) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestSVDDRadius checks the soft-boundary radius against hand-worked
// quantiles: the distances of squared distances 1, 4, 9, 16 are 1, 2, 3,
// 4; their 0.75-quantile (ν = 0.25), interpolated as numpy does, is at
// position 0.75·3 = 2.25: 3 + 0.25·(4 - 3) = 3.25. ν = 1 gives the least,
// 0.5 the median 2.5.
func TestSVDDRadius(t *testing.T) {
	d := []float64{16, 1, 9, 4}
	for _, tc := range []struct{ nu, want float64 }{{0.25, 3.25}, {1, 1}, {0.5, 2.5}, {0.01, 3.97}} {
		if got := train.SVDDRadius(d, tc.nu); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("SVDDRadius(ν=%v) = %v, want %v", tc.nu, got, tc.want)
		}
	}
}

// svddNet returns a small svdd net, its training rows and its centre
// set as FitSVDD sets it.
func svddNet(t *testing.T, nu float64) (*nets.Autoencoder, train.Dataset) {
	t.Helper()
	s := nets.Spec{
		Input:     []int{6},
		Encoder:   []nets.Layer{nets.Dense(5, graph.LeakyReLU01).NoBias(), nets.Dense(3, graph.Linear).NoBias()},
		Decoder:   []nets.Layer{nets.Dense(0, graph.Sigmoid)},
		Loss:      graph.MSE,
		Objective: nets.ObjectiveSVDD,
		SVDD:      &nets.SVDD{Nu: nu},
		Seed:      5,
	}
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float32, 40*6)
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	set := train.Dataset{X: x, Dim: 6}
	c, err := train.Center(a, set, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetSVDD(nets.SVDD{Nu: nu, Center: c}); err != nil {
		t.Fatal(err)
	}
	return a, set
}

func svddQuiet() logrus.FieldLogger {
	l := logrus.New()
	l.SetLevel(logrus.ErrorLevel)
	return l
}

// TestSVDDResumeBitExact checks that an svdd run stopped after 3 epochs
// and resumed from its checkpoint (which holds c and R) ends with the
// very weights and radius of a run of 6 epochs without a stop, for both
// objectives; the decoder's weights do not move.
func TestSVDDResumeBitExact(t *testing.T) {
	for _, nu := range []float64{0, 0.2} {
		so := train.SVDDOptions{Epochs: 6, Nu: nu, WarmUp: 1, LearningRate: 1e-2}
		whole, set := svddNet(t, nu)
		dec := slices.Clone(whole.Params().Data("decoder/dense0/w"))
		tr, err := train.NewSVDDTrainer(whole, set, so, train.Config{BatchSize: 16, Seed: 9, Log: svddQuiet()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Fit(context.Background(), set, nil); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(dec, whole.Params().Data("decoder/dense0/w")) {
			t.Errorf("nu %v: the decoder moved while the encoder trained", nu)
		}
		if nu > 0 && whole.SVDDState().Radius == 0 {
			t.Errorf("nu %v: R was never updated", nu)
		}

		dir := t.TempDir()
		first, _ := svddNet(t, nu)
		so3 := so
		so3.Epochs = 3
		tr, err = train.NewSVDDTrainer(first, set, so3, train.Config{BatchSize: 16, Seed: 9, Log: svddQuiet(), Callbacks: []train.Callback{train.NewModelCheckpoint(dir)}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Fit(context.Background(), set, nil); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "last.safetensors")
		again, err := nets.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := again.SVDDState(), first.SVDDState(); got.Radius != want.Radius || !slices.Equal(got.Center, want.Center) {
			t.Fatalf("nu %v: the checkpoint holds c %v and R %v, the run had %v and %v", nu, got.Center, got.Radius, want.Center, want.Radius)
		}
		tr, err = train.NewSVDDTrainer(again, set, so, train.Config{BatchSize: 16, Seed: 9, Log: svddQuiet()})
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Restore(path); err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Fit(context.Background(), set, nil); err != nil {
			t.Fatal(err)
		}
		for _, name := range whole.Params().Names() {
			if !slices.Equal(whole.Params().Data(name), again.Params().Data(name)) {
				t.Errorf("nu %v: %s differs after the resume", nu, name)
			}
		}
		if a, b := whole.SVDDState().Radius, again.SVDDState().Radius; a != b {
			t.Errorf("nu %v: R %v after the resume, %v without a stop", nu, b, a)
		}
	}
}

// TestSVDDBadSettings checks the one-line errors of FitSVDD's settings.
func TestSVDDBadSettings(t *testing.T) {
	conv, err := nets.Named("conv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		spec nets.Spec
		so   train.SVDDOptions
		want string
	}{
		{conv, train.SVDDOptions{}, "svdd needs a code from a dense layer"},
		{nets.Stack(8, 3), train.SVDDOptions{Nu: 1.5}, "must be in (0, 1]"},
		{nets.Stack(8, 3), train.SVDDOptions{Nu: -0.2}, "must be in (0, 1]"},
	} {
		d := &data.Split{Train: &data.Set{X: make([]float32, 4*784), Shape: []int{1, 28, 28}, Source: "zeros"}}
		_, err := train.FitSVDD(context.Background(), tc.spec, d, train.FitOptions{}, tc.so)
		if err == nil {
			t.Errorf("%s with %+v trains", tc.spec.Name, tc.so)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s with %+v: %v, want one line with %q", tc.spec.Name, tc.so, err, tc.want)
		}
	}
}

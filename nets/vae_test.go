package nets_test

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

func newVAE(t *testing.T, beta float64) *nets.Autoencoder {
	t.Helper()
	s, err := nets.Named("vae")
	if err != nil {
		t.Fatal(err)
	}
	s.Beta, s.Seed = beta, 4
	if s, err = s.ForData([]int{1, 28, 28}); err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestVAE: the Keras blog's VAE has its parameters, encodes to
// deterministic means, reports reconstruction (784·BCE) and KL as terms
// that add up to the loss, and samples from its prior.
func TestVAE(t *testing.T) {
	m := loadMNIST(t)
	a := newVAE(t, 0)
	want := (784*64 + 64) + 2*(64*2+2) + (2*64 + 64) + (64*784 + 784)
	if got := a.Params().Count(); got != want {
		t.Errorf("%d parameters, want %d", got, want)
	}
	x := m.Test.Pixels[:50*784]
	c1, err := a.Encode(x)
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := a.Encode(x)
	if !same(c1, c2) || len(c1) != 100 {
		t.Fatalf("Encode gave %d values, deterministic: %v", len(c1), same(c1, c2))
	}
	tr, err := train.New(a, train.Config{Epochs: 2, BatchSize: 32, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ds := train.Dataset{X: m.Train.Pixels[:2000*784], Dim: 784}
	val := train.Dataset{X: x, Dim: 784}
	h, err := tr.Fit(context.Background(), ds, &val)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h.Epochs {
		if len(e.Terms) != 2 || e.Terms[0].Name != "reconstruction" || e.Terms[1].Name != "kl" {
			t.Fatalf("terms %+v", e.Terms)
		}
		if d := e.Terms[0].Val + e.Terms[1].Val - e.ValLoss; math.Abs(d) > 1e-3 {
			t.Errorf("epoch %d: val terms add up to %v more than val_loss", e.Epoch, d)
		}
		if e.Terms[1].Value <= 0 {
			t.Errorf("epoch %d: KL %v, want > 0", e.Epoch, e.Terms[1].Value)
		}
	}
	// the reconstruction term sums BCE over the 784 pixels: far above a mean
	if r := h.Epochs[1].Terms[0].Val; r < 100 || r > 400 {
		t.Errorf("val reconstruction %v: want 784·BCE, between 100 and 400 for MNIST", r)
	}
	if h.Epochs[1].Loss >= h.Epochs[0].Loss {
		t.Errorf("loss did not fall: %v then %v", h.Epochs[0].Loss, h.Epochs[1].Loss)
	}
	// the validation draws are reseeded every epoch: evaluating twice agrees
	v1, _ := tr.Evaluate(val)
	v2, _ := tr.Evaluate(val)
	if v1 != v2 {
		t.Errorf("Evaluate gave %v then %v", v1, v2)
	}
	samples, err := a.Sample(7, rand.New(rand.NewPCG(1, 1)))
	if err != nil || len(samples) != 7*784 {
		t.Fatalf("Sample: %d values, %v", len(samples), err)
	}
	dense, _ := nets.NewDense(nets.Config{})
	if _, err := dense.Sample(1, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("Sample of a dense net: no error")
	}
}

// TestVAEBeta: β weighs the KL term: the same weights and draws give a
// larger loss with β = 4 than with β = 1.
func TestVAEBeta(t *testing.T) {
	m := loadMNIST(t)
	x := train.Dataset{X: m.Test.Pixels[:64*784], Dim: 784}
	loss := func(beta float64) float64 {
		tr, err := train.New(newVAE(t, beta), train.Config{Epochs: 1, BatchSize: 32, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		l, err := tr.Evaluate(x)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l1, l4 := loss(1), loss(4); l4 <= l1 {
		t.Errorf("β=4 loss %v is not above β=1 loss %v", l4, l1)
	}
	s, _ := nets.Named("dense")
	s.Beta = 2
	s, _ = s.ForData([]int{784})
	if err := s.Check(); err == nil {
		t.Error("β on a net that is no VAE: no error")
	}
}

// TestVAEResumeBitExact: a VAE run resumed from a checkpoint draws the same
// ε as the run that never stopped.
func TestVAEResumeBitExact(t *testing.T) {
	m := loadMNIST(t)
	ds := train.Dataset{X: m.Train.Pixels[:256*784], Dim: 784}
	val := train.Dataset{X: m.Test.Pixels[:64*784], Dim: 784}
	fit := func(a *nets.Autoencoder, epochs int, restore string, cbs ...train.Callback) {
		tr, err := train.New(a, train.Config{Epochs: epochs, BatchSize: 32, Seed: 2, Callbacks: cbs})
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		if restore != "" {
			if err := tr.Restore(restore); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tr.Fit(context.Background(), ds, &val); err != nil {
			t.Fatal(err)
		}
	}
	straight := newVAE(t, 0)
	fit(straight, 2, "")
	dir := t.TempDir()
	fit(newVAE(t, 0), 1, "", train.NewModelCheckpoint(dir))
	resumed := newVAE(t, 0)
	fit(resumed, 2, filepath.Join(dir, "last.safetensors"))
	for _, name := range straight.Params().Names() {
		if !same(straight.Params().Data(name), resumed.Params().Data(name)) {
			t.Fatalf("%s differs between the straight and the resumed run", name)
		}
	}
}

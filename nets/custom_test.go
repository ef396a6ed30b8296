package nets_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// bottleneck is a net with every layer type: two stride-2 convolutions, a
// dense bottleneck with batch norm and dropout, and a Conv2DTranspose
// decoder.
func bottleneck(t *testing.T) nets.Spec {
	t.Helper()
	s := nets.Spec{
		Name: "bottleneck",
		Encoder: []nets.Layer{
			nets.Conv(8, 3, graph.ReLU).WithStride(2), // 14x14
			nets.Conv(8, 3, graph.ReLU).WithStride(2), // 7x7
			nets.Flatten(),
			nets.Dropout(0.1),
			nets.Dense(16, graph.Tanh),
			nets.BatchNorm(),
		},
		Decoder: []nets.Layer{
			nets.Dense(8*7*7, graph.ReLU),
			nets.Reshape(8, 7, 7),
			nets.ConvTranspose(8, 3, 2, graph.LeakyReLU),
			nets.ConvTranspose(0, 3, 2, graph.Sigmoid),
		},
		Loss: "bce",
		Seed: 3,
	}
	s, err := s.ForData([]int{1, 28, 28})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKerasIOConvT: keras.io's convolutional autoencoder has 28,353
// parameters.
func TestKerasIOConvT(t *testing.T) {
	s, err := nets.Named("conv-t")
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.ForData([]int{1, 28, 28}); err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Params().Count(); got != 28353 {
		t.Errorf("%d parameters, want 28,353", got)
	}
	if !strings.Contains(a.Summary(), "Total params: 28,353") || !strings.Contains(a.Summary(), "decoder/convt1 (Conv2DTranspose)    (None, 32, 28, 28)") {
		t.Errorf("summary:\n%s", a.Summary())
	}
}

// TestCustomNet: a net of every layer type gets the summary, inference for
// any number of rows, a checkpoint that Load rebuilds (batch norm's moving
// statistics included), and a resume that is bit-exact although dropout
// draws random masks.
func TestCustomNet(t *testing.T) {
	m := loadMNIST(t)
	s := bottleneck(t)
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	sum := a.Summary()
	for _, want := range []string{"encoder/bn0 (BatchNormalization)", "Non-trainable params: 32", "(None, 8, 7, 7)", "decoder/reshape0 (Reshape)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	if got := a.CodeShape(); len(got) != 1 || got[0] != 16 {
		t.Errorf("code shape %v", got)
	}
	for _, rows := range []int{1, 3, 257} {
		x := m.Test.Pixels[:rows*784]
		codes, err := a.Encode(x)
		if err != nil || len(codes) != rows*16 {
			t.Fatalf("%d rows: %d codes, %v", rows, len(codes), err)
		}
		again, _ := a.Encode(x)
		if !same(codes, again) {
			t.Fatal("Encode is not deterministic: dropout must be off at inference")
		}
		rec, err := a.Reconstruct(x)
		if err != nil || len(rec) != len(x) {
			t.Fatalf("%d rows: %d reconstructed values, %v", rows, len(rec), err)
		}
		dec, err := a.Decode(codes)
		if err != nil || !same(dec, rec) {
			t.Fatalf("Decode(Encode(x)) differs from Reconstruct(x): %v", err)
		}
	}

	ds := train.Dataset{X: m.Train.Pixels[:96*784], Dim: 784}
	val := train.Dataset{X: m.Test.Pixels[:32*784], Dim: 784}
	fit := func(a *nets.Autoencoder, epochs int, restore string, cbs ...train.Callback) {
		tr, err := train.New(a, train.Config{Epochs: epochs, BatchSize: 32, Seed: 5, Callbacks: cbs})
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
	straight, _ := nets.New(s)
	fit(straight, 3, "")
	dir := t.TempDir()
	first, _ := nets.New(s)
	fit(first, 2, "", train.NewModelCheckpoint(dir))
	resumed, _ := nets.New(s)
	for _, name := range resumed.Params().Names() { // all must come from the checkpoint
		clear(resumed.Params().Data(name))
	}
	fit(resumed, 3, filepath.Join(dir, "last.safetensors"))
	for _, name := range straight.Params().Names() {
		if !same(straight.Params().Data(name), resumed.Params().Data(name)) {
			t.Fatalf("%s differs between the straight run and the resumed one", name)
		}
	}
	if mm := straight.Params().Data("encoder/bn0/moving_mean"); mm[0] == 0 && mm[1] == 0 {
		t.Error("training left batch norm's moving mean at zero")
	}

	loaded, err := nets.Load(filepath.Join(dir, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	x := m.Test.Pixels[:5*784]
	want, _ := first.Reconstruct(x)
	got, err := loaded.Reconstruct(x)
	if err != nil || !same(got, want) {
		t.Fatalf("the loaded net reconstructs differently: %v", err)
	}
}

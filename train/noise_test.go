package train_test

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets/noise"
	"github.com/go-autoencoders/ae/train"
)

// TestNoiseResumeBitExact: a denoising run resumed from a checkpoint gives
// the same weights, bit for bit, as the run that never stopped: the noise
// generator's state travels in the checkpoint.
func TestNoiseResumeBitExact(t *testing.T) {
	ds, val := randomSet(100, 1), randomSet(20, 2)
	fit := func(m *tinyAE, epochs int, restore string, cbs ...train.Callback) *train.History {
		tr, err := train.New(m, train.Config{Epochs: epochs, BatchSize: 16, Seed: 3, Optimizer: train.NewAdam(0.01),
			Noise: noise.Gaussian{Std: 0.5}, Callbacks: cbs})
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		if restore != "" {
			if err := tr.Restore(restore); err != nil {
				t.Fatal(err)
			}
		}
		h, err := tr.Fit(context.Background(), ds, &val)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	straight := newTinyAE(5)
	hs := fit(straight, 3, "")
	dir := t.TempDir()
	fit(newTinyAE(5), 1, "", train.NewModelCheckpoint(dir))
	resumed := newTinyAE(99)
	hr := fit(resumed, 3, filepath.Join(dir, "last.safetensors"))
	a, b := weights(straight.p), weights(resumed.p)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("weight %d: straight %v, resumed %v", i, a[i], b[i])
		}
	}
	for i := range hs.Epochs {
		if hs.Epochs[i].ValLoss != hr.Epochs[i].ValLoss {
			t.Errorf("epoch %d: val_loss %v straight, %v resumed", i+1, hs.Epochs[i].ValLoss, hr.Epochs[i].ValLoss)
		}
	}
	// noise makes a difference: the same run without noise ends elsewhere
	clean := newTinyAE(5)
	if _, err := newTrainer(t, clean, 3).Fit(context.Background(), ds, &val); err != nil {
		t.Fatal(err)
	}
	if c := weights(clean.p); c[0] == a[0] && c[1] == a[1] {
		t.Error("training with noise gave the weights of training without")
	}
}

// TestNoiseThreads: the noise of a batch, drawn sample by sample on
// several threads, is the same for any thread count, and so are the
// weights it trains.
func TestNoiseThreads(t *testing.T) {
	defer graph.SetThreads(0) // back to the default, GOMAXPROCS
	ds := randomSet(37, 4)
	var first []float32
	var firstLoss float64
	for _, threads := range []int{1, 2, 3, 8} {
		graph.SetThreads(threads)
		m := newTinyAE(5)
		tr, err := train.New(m, train.Config{Epochs: 1, BatchSize: 37, Seed: 3, Noise: noise.Gaussian{Std: 0.5}})
		if err != nil {
			t.Fatal(err)
		}
		var loss float64
		for range 3 {
			if loss, err = tr.TrainOnBatch(ds); err != nil {
				t.Fatal(err)
			}
		}
		tr.Close()
		w := weights(m.p)
		if first == nil {
			first, firstLoss = w, loss
			continue
		}
		if loss != firstLoss {
			t.Errorf("%d threads: loss %v, 1 thread %v", threads, loss, firstLoss)
		}
		for i := range w {
			if w[i] != first[i] {
				t.Fatalf("%d threads: weight %d = %v, 1 thread %v", threads, i, w[i], first[i])
			}
		}
	}
}

// TestHistoryCSVTerms: history.csv has a column for each loss term and its
// validation value, as Keras's CSVLogger has for add_loss terms.
func TestHistoryCSVTerms(t *testing.T) {
	h := &train.History{Epochs: []train.EpochLogs{
		{Epoch: 1, Loss: 0.5, ValLoss: 0.4, Seconds: 1.25, Terms: []train.Term{{"reconstruction", 0.45, 0.38}, {"kl", 0.05, 0.02}}},
		{Epoch: 2, Loss: 0.3, ValLoss: math.NaN(), Seconds: 2, Terms: []train.Term{{"reconstruction", 0.28, math.NaN()}, {"kl", 0.02, math.NaN()}}},
	}}
	var b strings.Builder
	if err := h.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "epoch,loss,reconstruction,kl,val_loss,val_reconstruction,val_kl,seconds\n" +
		"1,0.5,0.45,0.05,0.4,0.38,0.02,1.250\n" +
		"2,0.3,0.28,0.02,,,,2.000\n"
	if b.String() != want {
		t.Errorf("history.csv\n%s\nwant\n%s", b.String(), want)
	}
}

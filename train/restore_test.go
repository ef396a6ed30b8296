package train_test

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// TestRestoreChecksBeforeChanging: a checkpoint with a bad part is refused
// with an error naming the part, and the trainer's weights stay as they
// were (issue 9: weights used to be set before the optimizer state was
// refused).
func TestRestoreChecksBeforeChanging(t *testing.T) {
	dir := t.TempDir()
	ds := randomSet(40, 1)
	m := newTinyAE(5)
	tr := newTrainer(t, m, 2, train.NewModelCheckpoint(dir))
	if _, err := tr.Fit(context.Background(), ds, nil); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "last.safetensors")
	cases := []struct {
		name   string
		change func(f *safetensors.File)
		want   string
	}{
		{"missing slot", func(f *safetensors.File) {
			for k := range f.Tensors {
				if strings.HasPrefix(k, "optimizer/m/") {
					delete(f.Tensors, k)
					return
				}
			}
		}, "missing slot"},
		{"short slot", func(f *safetensors.File) {
			for k, v := range f.Tensors {
				if strings.HasPrefix(k, "optimizer/v/") {
					v.Data, v.Shape = v.Data[:1], []int{1}
					f.Tensors[k] = v
					return
				}
			}
		}, `slot "v/`},
		{"NaN weight", func(f *safetensors.File) {
			for k, v := range f.Tensors {
				if !strings.HasPrefix(k, "optimizer/") {
					v.Data[0] = float32(math.NaN())
					return
				}
			}
		}, "NaN"},
		{"history shorter than the epoch", func(f *safetensors.File) { f.Metadata[checkpoint.MetaHistory] = "[]" }, "history of 0 epochs"},
		{"other beta_1", func(f *safetensors.File) {
			f.Metadata[checkpoint.MetaHyper] = strings.Replace(f.Metadata[checkpoint.MetaHyper], `"beta_1":0.9`, `"beta_1":0.5`, 1)
		}, "beta_1"},
		{"bad rng", func(f *safetensors.File) { f.Metadata[checkpoint.MetaRNG] = "zz" }, "rng"},
		{"unshuffled run", func(f *safetensors.File) { f.Metadata[checkpoint.MetaShuffle] = "false" }, "shuffle"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := safetensors.ReadFile(good)
			if err != nil {
				t.Fatal(err)
			}
			c.change(f)
			bad := filepath.Join(t.TempDir(), "bad.safetensors")
			if err := safetensors.WriteFile(bad, f); err != nil {
				t.Fatal(err)
			}
			fresh := newTinyAE(9)
			before := slices.Clone(weights(fresh.p))
			tr := newTrainer(t, fresh, 3)
			err = tr.Restore(bad)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), bad) {
				t.Fatalf("Restore: %v; want an error naming %s and %q", err, bad, c.want)
			}
			if !slices.Equal(weights(fresh.p), before) || tr.Epoch() != 0 {
				t.Error("a refused checkpoint changed the trainer")
			}
		})
	}
}

// TestCheckpointOptimizer: a checkpoint rebuilds its optimizer with every
// hyperparameter, and a new learning rate when asked.
func TestCheckpointOptimizer(t *testing.T) {
	dir := t.TempDir()
	m := newTinyAE(5)
	tr, err := train.New(m, train.Config{Epochs: 1, BatchSize: 16, Optimizer: train.NewAdam(0.01), Callbacks: []train.Callback{train.NewModelCheckpoint(dir)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), randomSet(20, 1), nil); err != nil {
		t.Fatal(err)
	}
	c, err := checkpoint.Read(filepath.Join(dir, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta[checkpoint.MetaBatch] != "16" {
		t.Errorf("batch size %q, want 16", c.Meta[checkpoint.MetaBatch])
	}
	for _, lr := range []float64{0, 0.5} {
		o, err := train.CheckpointOptimizer(c, lr)
		if err != nil {
			t.Fatal(err)
		}
		want := 0.01
		if lr != 0 {
			want = lr
		}
		if o.Name() != "adam" || o.LearningRate() != want {
			t.Errorf("Optimizer(%v): %s at %v, want adam at %v", lr, o.Name(), o.LearningRate(), want)
		}
	}
}

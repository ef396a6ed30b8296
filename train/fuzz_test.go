package train_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// fuzzFixture is a valid small checkpoint and a trainer to restore into.
type fuzzFixture struct {
	file  *safetensors.File // the checkpoint, as read
	bytes []byte            // the checkpoint file
	dir   string            // where each input is written
	tr    *train.Trainer
	sizes map[string]int
}

func newFuzzFixture(f *testing.F) *fuzzFixture {
	f.Helper()
	dir := f.TempDir()
	ds, val := randomSet(40, 1), randomSet(8, 2)
	first, err := train.New(newTinyAE(1), train.Config{Epochs: 2, BatchSize: 16, Seed: 3, Optimizer: train.NewAdam(0.01)})
	if err != nil {
		f.Fatal(err)
	}
	defer first.Close()
	if _, err := first.Fit(context.Background(), ds, &val); err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(dir, "valid.safetensors")
	if err := first.Save(path); err != nil {
		f.Fatal(err)
	}
	fx := &fuzzFixture{dir: dir, sizes: map[string]int{}}
	if fx.bytes, err = os.ReadFile(path); err != nil {
		f.Fatal(err)
	}
	if fx.file, err = safetensors.ReadFile(path); err != nil {
		f.Fatal(err)
	}
	m := newTinyAE(2)
	if fx.tr, err = train.New(m, train.Config{Epochs: 5, BatchSize: 16, Seed: 3, Optimizer: train.NewAdam(0.01)}); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { fx.tr.Close() })
	for _, name := range m.Params().Names() {
		fx.sizes[name] = len(m.Params().Data(name))
	}
	return fx
}

// check reads the checkpoint at path, restores it into the fixture's
// trainer and into fresh optimizers of every kind, and steps whatever it
// accepted. Nothing may panic; every error must carry a package prefix.
func (fx *fuzzFixture) check(t *testing.T, path string) {
	c, err := checkpoint.Read(path)
	if err != nil {
		prefixed(t, err)
		return
	}
	if _, err := train.CheckpointHistory(c); err != nil && err.Error() == "" {
		t.Fatal("an empty error")
	}
	if err := fx.tr.Restore(path); err != nil {
		prefixed(t, err)
	} else if _, err := fx.tr.TrainOnBatch(randomSet(3, 4)); err != nil && !strings.Contains(err.Error(), "not finite") {
		t.Fatalf("a step after restoring: %v", err)
	}

	// the optimizer SetState path on its own, for every optimizer
	f, err := safetensors.ReadFile(path)
	if err != nil {
		t.Fatalf("ReadCheckpoint accepted what ReadFile refuses: %v", err)
	}
	iters, err := strconv.Atoi(f.Metadata[checkpoint.MetaIterations])
	if err != nil {
		return
	}
	slots := map[string][]float32{}
	for name, tns := range f.Tensors {
		if key, ok := strings.CutPrefix(name, "optimizer/"); ok {
			slots[key] = tns.Data
		}
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range fx.sizes {
			if !yield(n) {
				return
			}
		}
	})
	for _, o := range []train.Optimizer{train.NewAdam(0.01), train.NewRMSprop(0.01), train.NewAdadelta(1), train.NewSGD(0.01, 0), train.NewSGD(0.01, 0.9)} {
		if err := o.SetState(iters, slots, fx.sizes); err != nil {
			prefixed(t, err)
			continue
		}
		w, g := make([][]float32, len(names)), make([][]float32, len(names))
		for i, n := range names {
			w[i], g[i] = make([]float32, fx.sizes[n]), make([]float32, fx.sizes[n])
			for j := range g[i] {
				g[i][j] = 0.5
			}
		}
		o.Step(names, w, g)
		for i := range w {
			for j, v := range w[i] {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("%s: weight %s[%d] is %v after a step from a state SetState accepted", o.Name(), names[i], j, v)
				}
			}
		}
	}
}

func prefixed(t *testing.T, err error) {
	t.Helper()
	if msg := err.Error(); !strings.HasPrefix(msg, "train: ") && !strings.HasPrefix(msg, "safetensors: ") && !strings.HasPrefix(msg, "checkpoint: ") {
		t.Fatalf("error without a package prefix: %q", msg)
	}
}

// FuzzCheckpointFile feeds ReadCheckpoint and Restore whole files, starting
// from a valid checkpoint.
func FuzzCheckpointFile(f *testing.F) {
	fx := newFuzzFixture(f)
	f.Add(fx.bytes)
	f.Add(fx.bytes[:len(fx.bytes)/2])
	f.Add([]byte{})
	path := filepath.Join(fx.dir, "input.safetensors")
	f.Fuzz(func(t *testing.T, in []byte) {
		if err := os.WriteFile(path, in, 0o644); err != nil {
			t.Fatal(err)
		}
		fx.check(t, path)
	})
}

// FuzzCheckpointFields changes the metadata and the optimizer slots of a
// valid checkpoint: the model config, epoch, optimizer name, iteration
// count, RNG state and history strings, one slot dropped, one shortened,
// one value replaced and one slot added under any key.
func FuzzCheckpointFields(f *testing.F) {
	fx := newFuzzFixture(f)
	m := fx.file.Metadata
	valid := []any{m[checkpoint.MetaModel], m[checkpoint.MetaEpoch], m[checkpoint.MetaOptimizer], m[checkpoint.MetaIterations], m[checkpoint.MetaRNG], m[checkpoint.MetaHistory], -1, -1, -1, float32(0), ""}
	add := func(s []any) {
		f.Add(s[0].(string), s[1].(string), s[2].(string), s[3].(string), s[4].(string), s[5].(string), s[6].(int), s[7].(int), s[8].(int), s[9].(float32), s[10].(string))
	}
	add(valid)
	seed := func(i int, v any) {
		s := slices.Clone(valid)
		s[i] = v
		add(s)
	}
	seed(0, `{"tiny":false}`)
	seed(1, "-1")
	seed(1, "99999999999999999999")
	seed(2, "sgd")
	seed(3, "-5")
	seed(3, "0")
	seed(4, "zz")
	seed(4, m[checkpoint.MetaRNG][:10])
	seed(5, `[{"epoch":1,"loss":"x"}]`)
	seed(5, "null")
	seed(5, `[{"epoch":-3,"loss":1e308,"val_loss":null,"seconds":-1}]`)
	seed(6, 0)
	seed(7, 1)
	seed(8, 2)
	seed(9, float32(math.NaN()))
	seed(9, float32(-1))
	seed(10, "m/no such weight")
	seed(10, "velocity/encoder/dense0/w")

	path := filepath.Join(fx.dir, "input.safetensors")
	f.Fuzz(func(t *testing.T, model, epoch, opt, iters, rng, history string, drop, shorten, poison int, value float32, extra string) {
		cf := &safetensors.File{Tensors: map[string]safetensors.Tensor{}, Metadata: map[string]string{}}
		for k, v := range fx.file.Metadata {
			cf.Metadata[k] = v
		}
		cf.Metadata[checkpoint.MetaModel], cf.Metadata[checkpoint.MetaEpoch], cf.Metadata[checkpoint.MetaOptimizer] = model, epoch, opt
		cf.Metadata[checkpoint.MetaIterations], cf.Metadata[checkpoint.MetaRNG], cf.Metadata[checkpoint.MetaHistory] = iters, rng, history
		var slotNames []string
		for name, tns := range fx.file.Tensors {
			cf.Tensors[name] = tns
			if strings.HasPrefix(name, "optimizer/") {
				slotNames = append(slotNames, name)
			}
		}
		slices.Sort(slotNames)
		if 0 <= shorten && shorten < len(slotNames) {
			n := slotNames[shorten]
			d := cf.Tensors[n].Data
			cf.Tensors[n] = safetensors.Tensor{Shape: []int{len(d) - 1}, Data: d[:len(d)-1]}
		}
		if 0 <= poison && poison < len(slotNames) {
			n := slotNames[poison]
			d := slices.Clone(cf.Tensors[n].Data)
			d[0] = value
			cf.Tensors[n] = safetensors.Tensor{Shape: cf.Tensors[n].Shape, Data: d}
		}
		if 0 <= drop && drop < len(slotNames) {
			delete(cf.Tensors, slotNames[drop])
		}
		if extra != "" {
			cf.Tensors["optimizer/"+extra] = safetensors.Tensor{Shape: []int{3}, Data: []float32{0, 0, 0}}
		}
		if err := safetensors.WriteFile(path, cf); err != nil {
			return // not a file that can be written
		}
		fx.check(t, path)
	})
}

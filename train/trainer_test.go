package train_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/nets/noise"
	"github.com/go-autoencoders/ae/train"
	"gorgonia.org/gorgonia"
)

// tinyAE is a 6-3-6 autoencoder built from graph layers alone: the trainer
// must work for any model, not only those of package nets.
type tinyAE struct{ p *graph.Params }

func newTinyAE(seed uint64) *tinyAE {
	m := &tinyAE{p: graph.NewParams(seed)}
	g := graph.New(m.p)
	if _, err := m.Loss(g, g.Input("x", 1, 6), g.Input("y", 1, 6)); err != nil {
		panic(err)
	}
	return m
}

func (m *tinyAE) Params() *graph.Params { return m.p }
func (m *tinyAE) SampleShape() []int    { return []int{6} }
func (m *tinyAE) LossName() string      { return "bce" }
func (m *tinyAE) ModelConfig() (string, error) {
	return `{"tiny":true}`, nil
}
func (m *tinyAE) Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error) {
	enc, err := graph.NewDense(g, "encoder/dense0", 6, 3, graph.ReLU)
	if err != nil {
		return nil, err
	}
	dec, err := graph.NewDense(g, "decoder/dense0", 3, 6, graph.Sigmoid)
	if err != nil {
		return nil, err
	}
	h, err := enc.Fwd(x)
	if err != nil {
		return nil, err
	}
	z, err := dec.Preactivation(h)
	if err != nil {
		return nil, err
	}
	return graph.BinaryCrossEntropyWithLogits(z, y)
}

func randomSet(n int, seed uint64) train.Dataset {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, n*6)
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	return train.Dataset{X: x, Dim: 6}
}

func newTrainer(t *testing.T, m train.Model, epochs int, cbs ...train.Callback) *train.Trainer {
	t.Helper()
	tr, err := train.New(m, train.Config{Epochs: epochs, BatchSize: 16, Seed: 3, Optimizer: train.NewAdam(0.01), Callbacks: cbs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	return tr
}

func weights(p *graph.Params) []float32 {
	var all []float32
	for _, n := range p.Names() {
		all = append(all, p.Data(n)...)
	}
	return all
}

// TestResumeEquivalence: two epochs straight give the same weights as one
// epoch, a checkpoint, and a resume to two.
func TestResumeEquivalence(t *testing.T) {
	ds, val := randomSet(100, 1), randomSet(20, 2) // 100 = 6 batches of 16 + 4
	straight := newTinyAE(5)
	if _, err := newTrainer(t, straight, 2).Fit(context.Background(), ds, &val); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	first := newTinyAE(5)
	if _, err := newTrainer(t, first, 1, train.NewModelCheckpoint(dir)).Fit(context.Background(), ds, &val); err != nil {
		t.Fatal(err)
	}
	resumed := newTinyAE(99) // different initial weights: all must come from the checkpoint
	tr := newTrainer(t, resumed, 2)
	if err := tr.Restore(filepath.Join(dir, "last.safetensors")); err != nil {
		t.Fatal(err)
	}
	if tr.Epoch() != 1 || len(tr.History().Epochs) != 1 {
		t.Fatalf("restored epoch %d, history %d; want 1, 1", tr.Epoch(), len(tr.History().Epochs))
	}
	h, err := tr.Fit(context.Background(), ds, &val)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != 2 {
		t.Fatalf("history has %d epochs, want 2", len(h.Epochs))
	}
	a, b := weights(straight.p), weights(resumed.p)
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-6 {
			t.Fatalf("weight %d: straight %v, resumed %v", i, a[i], b[i])
		}
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	m := newTinyAE(1)
	ds := randomSet(40, 1)
	tr := newTrainer(t, m, 1)
	if _, err := tr.Fit(context.Background(), ds, nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.safetensors")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	c, err := checkpoint.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Epoch != 1 || c.Model != `{"tiny":true}` || c.Meta[checkpoint.MetaOptimizer] != "adam" || c.Meta[checkpoint.MetaIterations] != "3" {
		t.Fatalf("checkpoint meta: epoch %d, model %q, %v", c.Epoch, c.Model, c.Meta)
	}
	for _, name := range m.p.Names() {
		w := c.Weights[name]
		if len(w.Data) != len(m.p.Data(name)) {
			t.Fatalf("%s: %d values, want %d", name, len(w.Data), len(m.p.Data(name)))
		}
		for i, v := range m.p.Data(name) {
			if w.Data[i] != v {
				t.Fatalf("%s[%d] = %v, want %v", name, i, w.Data[i], v)
			}
		}
	}
	// A checkpoint of another optimizer or model is refused.
	other, err := train.New(newTinyAE(1), train.Config{Epochs: 2, BatchSize: 4, Optimizer: train.NewSGD(0.1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Restore(path); err == nil || !strings.Contains(err.Error(), "adam") {
		t.Fatalf("restoring an adam checkpoint into sgd: %v", err)
	}
	if err := other.Restore(filepath.Join(t.TempDir(), "missing.safetensors")); err == nil || !strings.Contains(err.Error(), "missing.safetensors") {
		t.Fatalf("missing file: %v", err)
	}
}

// nanAdam poisons a weight at its poisonAt-th step.
type nanAdam struct {
	*train.Adam
	poisonAt int
}

func (o *nanAdam) Step(names []string, w, g [][]float32) {
	o.Adam.Step(names, w, g)
	if it, _ := o.State(); it == o.poisonAt {
		w[0][0] = float32(math.NaN())
	}
}

func TestNonFiniteLossKeepsLastGoodCheckpoint(t *testing.T) {
	dir := t.TempDir()
	ds := randomSet(64, 1) // 4 steps per epoch
	tr, err := train.New(newTinyAE(1), train.Config{Epochs: 3, BatchSize: 16, Optimizer: &nanAdam{train.NewAdam(0.01), 6},
		Callbacks: []train.Callback{train.NewModelCheckpoint(dir)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Fit(context.Background(), ds, nil)
	if !errors.Is(err, train.ErrNonFinite) || !strings.Contains(err.Error(), "epoch 2") {
		t.Fatalf("Fit = %v, want ErrNonFinite in epoch 2", err)
	}
	c, err := checkpoint.Read(filepath.Join(dir, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Epoch != 1 {
		t.Fatalf("last checkpoint is of epoch %d, want 1", c.Epoch)
	}
	for name, w := range c.Weights {
		for _, v := range w.Data {
			if math.IsNaN(float64(v)) {
				t.Fatalf("%s holds NaN", name)
			}
		}
	}
}

// cancelAt cancels the context at a given epoch and batch.
type cancelAt struct {
	train.BaseCallback
	epoch, batch int
	cancel       func()
}

func (c *cancelAt) OnBatchEnd(_ *train.Trainer, epoch int, l train.BatchLogs) error {
	if epoch == c.epoch && l.Batch == c.batch {
		c.cancel()
	}
	return nil
}

// TestInterruptSaves: an interruption in the middle of epoch 2 leaves
// last.safetensors as epoch 1 ended (4 steps of 16), not the weights of
// epoch 2's first steps under epoch 1's name; the trainer refuses to save
// those (issue 23, defect 15).
func TestInterruptSaves(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tr := newTrainer(t, newTinyAE(1), 5, train.NewModelCheckpoint(dir), &cancelAt{epoch: 2, batch: 2, cancel: cancel})
	_, err := tr.Fit(ctx, randomSet(64, 1), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fit = %v, want context.Canceled", err)
	}
	c, err := checkpoint.Read(filepath.Join(dir, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Epoch != 1 || c.Meta[checkpoint.MetaIterations] != "4" {
		t.Fatalf("interrupted checkpoint: epoch %d, iterations %s; want 1 and 4", c.Epoch, c.Meta[checkpoint.MetaIterations])
	}
	if err := tr.Save(filepath.Join(dir, "mid.safetensors")); err == nil || !strings.Contains(err.Error(), "epoch 2") {
		t.Errorf("Save in the middle of epoch 2 = %v, want an error naming epoch 2", err)
	}
}

// TestInterruptResumeBitExact: a run interrupted in the middle of an
// epoch and resumed from its last.safetensors ends with the weights and
// history of a run that never stopped, bit for bit (issue 23, defect 15).
func TestInterruptResumeBitExact(t *testing.T) {
	ds, val := randomSet(100, 1), randomSet(20, 2)
	n, err := noise.Parse("gaussian:0.2")
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(epochs int, cbs ...train.Callback) train.Config {
		return train.Config{Epochs: epochs, BatchSize: 16, Seed: 3, Optimizer: train.NewAdam(0.01), Noise: n, Callbacks: cbs}
	}
	fit := func(m train.Model, c train.Config, ctx context.Context, resume string) (*train.Trainer, error) {
		tr, err := train.New(m, c)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tr.Close() })
		if resume != "" {
			if err := tr.Restore(resume); err != nil {
				t.Fatal(err)
			}
		}
		_, err = tr.Fit(ctx, ds, &val)
		return tr, err
	}
	straight := newTinyAE(5)
	want, err := fit(straight, cfg(4), context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []cancelAt{{epoch: 1, batch: 3}, {epoch: 3, batch: 1}, {epoch: 3, batch: 7}} {
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		at.cancel = cancel
		if _, err := fit(newTinyAE(5), cfg(4, train.NewModelCheckpoint(dir), &at), ctx, ""); !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted at epoch %d, batch %d: Fit = %v, want context.Canceled", at.epoch, at.batch, err)
		}
		cancel()
		last := filepath.Join(dir, "last.safetensors")
		if at.epoch == 1 {
			if _, err := os.Stat(last); err == nil {
				t.Error("a run interrupted in its first epoch saved last.safetensors")
			}
			continue
		}
		resumed := newTinyAE(99)
		got, err := fit(resumed, cfg(4), context.Background(), last)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(weights(straight.p), weights(resumed.p)) {
			t.Errorf("interrupted at epoch %d, batch %d and resumed: the weights differ from the run that never stopped", at.epoch, at.batch)
		}
		for i, e := range want.History().Epochs {
			if g := got.History().Epochs[i]; g.Loss != e.Loss || g.ValLoss != e.ValLoss {
				t.Errorf("epoch %d: loss %v, val_loss %v; the run that never stopped had %v, %v", i+1, g.Loss, g.ValLoss, e.Loss, e.ValLoss)
			}
		}
	}
}

// counter records what Fit reports.
type counter struct {
	train.BaseCallback
	samples, batches int
	last             train.BatchLogs
}

func (c *counter) OnBatchEnd(_ *train.Trainer, _ int, l train.BatchLogs) error {
	c.samples += l.Size
	c.batches++
	c.last = l
	return nil
}

func TestPartialLastBatchIsTrained(t *testing.T) {
	c := &counter{}
	tr := newTrainer(t, newTinyAE(1), 1, c)
	if _, err := tr.Fit(context.Background(), randomSet(37, 1), nil); err != nil {
		t.Fatal(err)
	}
	if c.samples != 37 || c.batches != 3 || c.last.Size != 5 {
		t.Fatalf("saw %d samples in %d batches, last of %d; want 37 in 3, last of 5", c.samples, c.batches, c.last.Size)
	}
}

func TestLossDecreases(t *testing.T) {
	ds := randomSet(64, 1)
	tr := newTrainer(t, newTinyAE(1), 30)
	h, err := tr.Fit(context.Background(), ds, &ds)
	if err != nil {
		t.Fatal(err)
	}
	l := h.ValLoss()
	if !(l[len(l)-1] < 0.95*l[0]) {
		t.Fatalf("val_loss went from %v to %v", l[0], l[len(l)-1])
	}
}

type failing struct{ train.BaseCallback }

func (failing) OnEpochEnd(*train.Trainer, int, train.EpochLogs) error { return errors.New("disk full") }

func TestCallbackErrorStopsFit(t *testing.T) {
	tr := newTrainer(t, newTinyAE(1), 3, failing{})
	_, err := tr.Fit(context.Background(), randomSet(16, 1), nil)
	if err == nil || !strings.Contains(err.Error(), "failing") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Fit = %v, want the callback's error naming it", err)
	}
}

func TestEarlyStopping(t *testing.T) {
	m := newTinyAE(1)
	es := &train.EarlyStopping{Patience: 1, RestoreBest: true}
	tr := newTrainer(t, m, 10, es)
	if err := es.OnTrainBegin(tr); err != nil {
		t.Fatal(err)
	}
	best := weights(m.p)
	for i, v := range []float64{0.5, 0.4, 0.45, 0.41} {
		if i == 2 {
			m.p.Data(m.p.Names()[0])[0] += 1 // weights after the best epoch change
		}
		if err := es.OnEpochEnd(tr, i+1, train.EpochLogs{Epoch: i + 1, Loss: 1, ValLoss: v}); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			best = weights(m.p)
		}
	}
	if !tr.StopTraining || es.StoppedEpoch != 4 {
		t.Fatalf("stop %v at %d; want a stop at epoch 4", tr.StopTraining, es.StoppedEpoch)
	}
	if err := es.OnTrainEnd(tr, nil); err != nil {
		t.Fatal(err)
	}
	if got := weights(m.p); got[0] != best[0] {
		t.Fatalf("weights not restored: %v, want %v", got[0], best[0])
	}
}

func TestCSVLoggerAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.csv")
	for _, epochs := range []int{1, 2} {
		m := newTinyAE(1)
		tr := newTrainer(t, m, epochs, &train.CSVLogger{Path: path})
		if epochs == 2 {
			// continue from where the first run ended
			dir := t.TempDir()
			first := newTrainer(t, m, 1)
			if _, err := first.Fit(context.Background(), randomSet(16, 1), nil); err != nil {
				t.Fatal(err)
			}
			if err := first.Save(filepath.Join(dir, "c")); err != nil {
				t.Fatal(err)
			}
			if err := tr.Restore(filepath.Join(dir, "c")); err != nil {
				t.Fatal(err)
			}
		}
		ds := randomSet(16, 1)
		if _, err := tr.Fit(context.Background(), ds, &ds); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || lines[0] != train.CSVHeader || !strings.HasPrefix(lines[1], "1,") || !strings.HasPrefix(lines[2], "2,") {
		t.Fatalf("history.csv:\n%s", b)
	}
}

func TestSplitTakesTheEnd(t *testing.T) {
	ds := train.Dataset{X: []float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Dim: 1}
	tr, val, err := ds.Split(0.2)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 8 || val.Len() != 2 || val.X[0] != 8 || val.X[1] != 9 {
		t.Fatalf("split: train %v, val %v", tr.X, val.X)
	}
	for _, f := range []float64{0, 1, -0.5, 0.01} {
		if _, _, err := ds.Split(f); err == nil {
			t.Errorf("Split(%g) of 10 samples: want an error", f)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	m := newTinyAE(1)
	for _, cfg := range []train.Config{{Epochs: 0, BatchSize: 1}, {Epochs: 1, BatchSize: -3}} {
		if _, err := train.New(m, cfg); err == nil {
			t.Errorf("New(%+v): want an error", cfg)
		}
	}
	tr := newTrainer(t, m, 1)
	if _, err := tr.Fit(context.Background(), train.Dataset{X: make([]float32, 10), Dim: 5}, nil); err == nil {
		t.Error("Fit on samples of 5 values for a model of 6: want an error")
	}
}

// TestTrainOnBatch checks that one step on a batch reports the loss before
// the step, which Evaluate confirms, that repeated steps overfit the batch,
// that it counts no epoch, and that a batch of the wrong width is an error.
func TestTrainOnBatch(t *testing.T) {
	ds := randomSet(10, 2)
	tr := newTrainer(t, newTinyAE(4), 1)
	before, err := tr.Evaluate(ds)
	if err != nil {
		t.Fatal(err)
	}
	first, err := tr.TrainOnBatch(ds)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(first-before) > 1e-6 {
		t.Fatalf("TrainOnBatch reported %v, Evaluate before it %v", first, before)
	}
	last := first
	for range 200 {
		if last, err = tr.TrainOnBatch(ds); err != nil {
			t.Fatal(err)
		}
	}
	if !(last < 0.9*first) {
		t.Fatalf("200 steps on one batch took the loss from %v to %v", first, last)
	}
	if tr.Epoch() != 0 || len(tr.History().Epochs) != 0 {
		t.Fatalf("TrainOnBatch counted epochs: %d, %d in the history", tr.Epoch(), len(tr.History().Epochs))
	}
	if _, err := tr.TrainOnBatch(train.Dataset{X: make([]float32, 10), Dim: 5}); err == nil {
		t.Fatal("a batch of 5-value samples was accepted by a 6-input model")
	}
}

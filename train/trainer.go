package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets/noise"
	"github.com/sirupsen/logrus"
	"gorgonia.org/gorgonia"
)

// Model is anything whose loss on a batch can be stated as a graph over its
// parameter store. The trainer knows nothing else about it.
type Model interface {
	// Params is the store of the weights the trainer updates.
	Params() *graph.Params
	// SampleShape is the shape of one input sample, (784) or (1, 28, 28).
	SampleShape() []int
	// Loss adds the scalar mean loss of input x against target y to g.
	Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error)
}

// EpochStarter is a Model that changes with the epoch, such as a concrete
// selector's annealed temperature: the trainer calls StartEpoch before
// every epoch, with the epoch (1-based) and the epoch it trains up to.
type EpochStarter interface {
	StartEpoch(epoch, epochs int)
}

// Config holds the settings of a training run.
type Config struct {
	// Epochs is the epoch to train up to (a resumed run continues up to it).
	Epochs int
	// BatchSize is the number of samples per step; the last batch of an
	// epoch holds the rest.
	BatchSize int
	// Optimizer defaults to Adam with learning rate 1e-3.
	Optimizer Optimizer
	// Seed seeds the shuffle.
	Seed uint64
	// Callbacks run in order after the built-in History.
	Callbacks []Callback
	// ShuffleBuffer is how many rows of a streamed data set (Dataset.Rows)
	// are shuffled together; 0 means DefaultShuffleBuffer.
	ShuffleBuffer int
	// NoShuffle keeps the training samples in their order every epoch,
	// as Keras's fit(shuffle=False): batch i holds samples i·B to
	// (i+1)·B-1. Checkpoints record it.
	NoShuffle bool
	// Noise, when not nil, corrupts every training batch's inputs, and the
	// validation set once; the targets stay clean (denoising). Nil is the
	// model's (Defaults): a denoising spec's net trains with its noise.
	Noise noise.Noise
	// Log receives the trainer's messages; nil means logrus's standard logger.
	Log logrus.FieldLogger
	// Meta is more metadata for every checkpoint Save writes, such as
	// what the run trained on (checkpoint.MetaData); Save's own keys take
	// precedence.
	Meta map[string]string
}

// valStream is the PCG stream of the validation graphs' draws.
const valStream = 0x7a15

// ErrNonFinite is returned, wrapped with the epoch and batch, when a loss is
// NaN or infinite.
var ErrNonFinite = errors.New("train: loss is not finite")

// Trainer fits a Model. It is not safe for concurrent use.
type Trainer struct {
	model  Model
	cfg    Config
	bounds lossBounds // what the model's loss needs
	opt    Optimizer
	rng    *rand.Rand
	src    *rand.PCG
	// noise is the random source of the training graphs (dropout, input
	// noise, sampling), saved in checkpoints with the shuffle's.
	noise    *rand.Rand
	noiseSrc *rand.PCG
	// valSrc is the source of the validation graphs' draws (a VAE's z),
	// reseeded at every evaluation so that val_loss is comparable between
	// epochs.
	val    *rand.Rand
	valSrc *rand.PCG
	epoch  int // epochs completed
	// midEpoch is set while an epoch runs, and stays set when Fit stops
	// in one: the weights are then no finished epoch's, and Save refuses.
	midEpoch bool
	history  History
	names    []string
	terms    []string          // the names of the loss's terms
	progs    map[progKey]*step // compiled graphs
	// reused by TrainOnBatch
	batchIdx []int
	batchW   [][]float32
	// StopTraining, set by a callback, ends Fit after the current epoch.
	StopTraining bool
}

// New returns a Trainer for m. For a model with Defaults (an autoencoder
// of a spec), the settings cfg leaves zero are the model's.
func New(m Model, cfg Config) (*Trainer, error) {
	cfg, err := withDefaults(m, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Epochs <= 0 {
		return nil, fmt.Errorf("train: epochs must be positive. Received: %d", cfg.Epochs)
	}
	if cfg.BatchSize <= 0 {
		return nil, fmt.Errorf("train: batch size must be positive. Received: %d", cfg.BatchSize)
	}
	if cfg.Optimizer == nil {
		cfg.Optimizer = NewAdam(1e-3)
	}
	if cfg.Log == nil {
		cfg.Log = logrus.StandardLogger()
	}
	src := rand.NewPCG(cfg.Seed, 0x5eed)
	noiseSrc := rand.NewPCG(cfg.Seed, 0x9015e)
	valSrc := rand.NewPCG(cfg.Seed, valStream)
	t := &Trainer{model: m, cfg: cfg, opt: cfg.Optimizer, rng: rand.New(src), src: src,
		noise: rand.New(noiseSrc), noiseSrc: noiseSrc, val: rand.New(valSrc), valSrc: valSrc, progs: map[progKey]*step{}, bounds: boundsOf(m)}
	// Building the loss once checks the model early and creates any weights
	// the model makes lazily, in its own order.
	s, err := t.program(progKey{rows: 1})
	if err != nil {
		return nil, err
	}
	for _, term := range s.terms {
		t.terms = append(t.terms, term.Name)
	}
	t.names = m.Params().TrainableNames()
	return t, nil
}

// Model returns the model being trained.
func (t *Trainer) Model() Model { return t.model }

// Config returns the trainer's settings.
func (t *Trainer) Config() Config { return t.cfg }

// Optimizer returns the optimizer.
func (t *Trainer) Optimizer() Optimizer { return t.opt }

// Epoch returns the number of epochs completed, counting resumed ones.
func (t *Trainer) Epoch() int { return t.epoch }

// History returns the losses of every completed epoch.
func (t *Trainer) History() *History { return &t.history }

// step is one compiled graph: the loss of a batch of a fixed size, and for
// training the gradients of every weight.
type step struct {
	x, y  *gorgonia.Node
	loss  *gorgonia.Node
	terms []graph.LossTerm
	vals  []float64 // the terms' values after a run
	grads gorgonia.Nodes
	m     *graph.Machine
	gw    [][]float32 // gradient slices, aligned with Trainer.names
}

// progKey names a compiled graph: its batch size, whether it computes
// gradients, and whether the target is a separate input (false: the target
// is the input, as for an autoencoder).
type progKey struct {
	rows            int
	withGrad, withY bool
}

func (t *Trainer) program(k progKey) (*step, error) {
	if s, ok := t.progs[k]; ok {
		return s, nil
	}
	rows, withGrad := k.rows, k.withGrad
	g := graph.New(t.model.Params())
	if withGrad {
		g.SetTraining(t.noise)
	} else {
		g.SetSampler(t.val)
	}
	shape := append([]int{rows}, t.model.SampleShape()...)
	s := &step{x: g.Input("x", shape...)}
	s.y = s.x
	if k.withY {
		s.y = g.Input("y", shape...)
	}
	loss, err := t.model.Loss(g, s.x, s.y)
	if err != nil {
		return nil, fmt.Errorf("train: building the loss for batches of %d: %w", rows, err)
	}
	s.loss = loss
	s.terms = g.LossTerms()
	s.vals = make([]float64, len(s.terms))
	if withGrad {
		learn := g.Learnables()
		if len(learn) != len(t.names) {
			return nil, fmt.Errorf("train: the loss graph uses %d of the model's %d weights", len(learn), len(t.names))
		}
		byName := map[string]*gorgonia.Node{}
		for _, n := range learn {
			byName[n.Name()] = n
		}
		ordered := make(gorgonia.Nodes, len(t.names))
		for i, name := range t.names {
			if ordered[i] = byName[name]; ordered[i] == nil {
				return nil, fmt.Errorf("train: the loss graph does not use weight %q", name)
			}
		}
		if s.grads, err = gorgonia.Grad(loss, ordered...); err != nil {
			return nil, fmt.Errorf("train: differentiating the loss: %w", err)
		}
	}
	if s.m, err = graph.NewMachine(g.ExprGraph); err != nil {
		return nil, fmt.Errorf("train: batches of %d: %w", rows, err)
	}
	t.progs[k] = s
	return s, nil
}

// run feeds the samples idx of x (and of y, or x if y is nil) into s and runs
// it, returning the loss.
func (s *step) run(dim int, x, y []float32, idx []int, corrupt func([]float32)) (float64, error) {
	in := s.x.Value().Data().([]float32)
	fill(in, x, dim, idx)
	if s.y != s.x {
		if y == nil {
			y = x
		}
		fill(s.y.Value().Data().([]float32), y, dim, idx)
	}
	if corrupt != nil {
		corrupt(in)
	}
	if err := s.m.Run(); err != nil {
		return 0, err
	}
	v, err := scalar(s.loss.Value())
	if err != nil {
		return 0, err
	}
	for i, term := range s.terms {
		if s.vals[i], err = scalar(term.Node.Value()); err != nil {
			return 0, fmt.Errorf("loss term %s: %w", term.Name, err)
		}
	}
	if s.grads != nil {
		s.gw = s.gw[:0]
		for _, gn := range s.grads {
			s.gw = append(s.gw, gn.Value().Data().([]float32))
		}
	}
	return v, nil
}

func fill(dst, src []float32, dim int, idx []int) {
	for i, r := range idx {
		copy(dst[i*dim:(i+1)*dim], src[r*dim:(r+1)*dim])
	}
}

func scalar(v gorgonia.Value) (float64, error) {
	switch v := v.(type) {
	case *gorgonia.F32:
		return float64(*v), nil
	case *gorgonia.F64:
		return float64(*v), nil
	}
	if d, ok := v.Data().(float32); ok {
		return float64(d), nil
	}
	if d, ok := v.Data().([]float32); ok && len(d) == 1 {
		return float64(d[0]), nil
	}
	return 0, fmt.Errorf("train: loss %v is not a scalar", v)
}

// Fit trains on trainSet, validating on val after every epoch when val is
// not nil, from the epoch after the last completed one up to Config.Epochs.
// It stops early when ctx is cancelled (returning an error that wraps
// ctx.Err()), when a loss is not finite (ErrNonFinite) or below its floor
// (ErrBelowFloor), when a target is outside the range the loss needs
// (*TargetRangeError, see LossNamer), when a callback fails, or when a
// callback sets StopTraining.
func (t *Trainer) Fit(ctx context.Context, trainSet Dataset, val *Dataset) (hist *History, err error) {
	if err := t.checkSets(trainSet, val); err != nil {
		return nil, err
	}
	if val, err = t.validationSet(val); err != nil {
		return nil, err
	}
	t.StopTraining = false
	if err := t.each("on_train_begin", func(c Callback) error { return c.OnTrainBegin(t) }); err != nil {
		return &t.history, err
	}
	defer func() {
		if cbErr := t.each("on_train_end", func(c Callback) error { return c.OnTrainEnd(t, err) }); err == nil {
			err = cbErr
		}
	}()
	weights := t.weights()
	order := newEpochOrder(trainSet, t.cfg.BatchSize, t.cfg.ShuffleBuffer)
	order.inOrder = t.cfg.NoShuffle
	order.check = func(first int, x []float32) error { return t.bounds.checkTargets("training", first, x, trainSet.Dim) }
	for t.epoch < t.cfg.Epochs && !t.StopTraining {
		if err := t.fitEpoch(ctx, order, weights, val); err != nil {
			return &t.history, err
		}
		order.check = nil // every streamed row has passed once
	}
	return &t.history, nil
}

// validationSet returns the set Fit validates on: val, or with noise its
// fixed noisy copy.
func (t *Trainer) validationSet(val *Dataset) (*Dataset, error) {
	if val == nil || t.cfg.Noise == nil {
		return val, nil
	}
	if val.X == nil {
		return nil, fmt.Errorf("train: a noisy validation set is a copy in memory; this one is streamed")
	}
	v := noisyCopy(*val, t.cfg.Noise, t.cfg.Seed)
	return &v, nil
}

// fitEpoch trains the epoch after t.epoch on the batches of order,
// validates on val when it is not nil, records the epoch in the history
// and runs the epoch's callbacks.
func (t *Trainer) fitEpoch(ctx context.Context, order *epochOrder, weights [][]float32, val *Dataset) error {
	epoch := t.epoch + 1
	start := time.Now()
	if m, ok := t.model.(EpochStarter); ok {
		m.StartEpoch(epoch, t.cfg.Epochs)
	}
	steps := order.steps()
	if err := t.each("on_epoch_begin", func(c Callback) error { return c.OnEpochBegin(t, epoch, steps) }); err != nil {
		return err
	}
	t.midEpoch = true
	sums, err := t.trainBatches(ctx, order, weights, epoch, steps)
	if err != nil {
		return err
	}
	logs, err := t.validateEpoch(epoch, sums, val)
	if err != nil {
		return err
	}
	logs.Seconds = time.Since(start).Seconds()
	t.epoch, t.midEpoch = epoch, false
	t.history.add(logs)
	return t.each("on_epoch_end", func(c Callback) error { return c.OnEpochEnd(t, epoch, logs) })
}

// trainBatches runs one optimizer step per batch of order, the batches of
// epoch (steps of them), and returns the sums of their losses and terms.
// It stops at the first batch after ctx is cancelled.
func (t *Trainer) trainBatches(ctx context.Context, order *epochOrder, weights [][]float32, epoch, steps int) (*means, error) {
	sums := newMeans(len(t.terms))
	b := 0
	err := order.each(t.rng, func(d Dataset, idx []int) error {
		b++
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("train: epoch %d, batch %d: interrupted: %w", epoch, b, err)
		}
		loss, terms, err := t.trainStep(d, idx, weights)
		if err != nil {
			return &StepError{Epoch: epoch, Batch: b, Err: err}
		}
		sums.add(len(idx), loss, terms)
		logs := BatchLogs{Batch: b, Steps: steps, Size: len(idx), Loss: loss, MeanLoss: sums.mean(), Terms: t.termLogs(sums, nil)}
		return t.each("on_batch_end", func(c Callback) error { return c.OnBatchEnd(t, epoch, logs) })
	})
	return sums, err
}

// validateEpoch returns the logs of epoch, whose training losses summed to
// sums, with the validation loss on val (NaN when val is nil).
func (t *Trainer) validateEpoch(epoch int, sums *means, val *Dataset) (EpochLogs, error) {
	logs := EpochLogs{Epoch: epoch, Loss: sums.mean(), ValLoss: math.NaN()}
	valStart := time.Now()
	var valSums *means
	if val != nil {
		var err error
		if valSums, err = t.evaluate(*val, "validation"); err != nil {
			return logs, fmt.Errorf("train: epoch %d: validation: %w", epoch, err)
		}
		logs.ValLoss = valSums.mean()
		if err := t.bounds.checkLoss("val_loss", logs.ValLoss); err != nil {
			return logs, fmt.Errorf("train: epoch %d: %w", epoch, err)
		}
	}
	logs.Terms = t.termLogs(sums, valSums)
	logs.ValSeconds = time.Since(valStart).Seconds()
	return logs, nil
}

// checkSets checks the data sets of Fit against the model, and their
// targets in memory against the range its loss needs.
func (t *Trainer) checkSets(trainSet Dataset, val *Dataset) error {
	dim := graph.Size(t.model.SampleShape())
	if err := trainSet.check("training", dim); err != nil {
		return err
	}
	if err := t.bounds.checkSet("training", trainSet); err != nil {
		return err
	}
	if val == nil {
		return nil
	}
	if err := val.check("validation", dim); err != nil {
		return err
	}
	return t.bounds.checkSet("validation", *val)
}

// weights returns the trainable weights' data, aligned with t.names.
func (t *Trainer) weights() [][]float32 {
	w := make([][]float32, len(t.names))
	for i, name := range t.names {
		w[i] = t.model.Params().Data(name)
	}
	return w
}

// trainStep computes the loss and gradients of the samples idx of d and
// applies one optimizer step; a loss that is not finite or is below its
// floor is an error and leaves the weights untouched.
func (t *Trainer) trainStep(d Dataset, idx []int, weights [][]float32) (loss float64, terms []float64, err error) {
	noise := t.cfg.Noise
	s, err := t.program(progKey{len(idx), true, d.Y != nil || noise != nil})
	if err != nil {
		return 0, nil, err
	}
	dim := graph.Size(t.model.SampleShape())
	var corrupt func([]float32)
	if noise != nil {
		corrupt = func(x []float32) { corruptBatch(noise, t.noise, x, dim) }
	}
	loss, err = s.run(dim, d.X, d.Y, idx, corrupt)
	if err != nil {
		return 0, nil, err
	}
	if err := t.bounds.checkLoss("loss", loss); err != nil {
		return 0, nil, err
	}
	t.opt.Step(t.names, weights, s.gw)
	return loss, s.vals, nil
}

// TrainOnBatch runs one optimizer step on all the samples of d, as one
// batch, and returns their loss before the step, like Keras's
// train_on_batch. It does not count as an epoch and runs no callbacks.
func (t *Trainer) TrainOnBatch(d Dataset) (float64, error) {
	dim := graph.Size(t.model.SampleShape())
	if err := d.check("batch", dim); err != nil {
		return 0, err
	}
	if err := t.bounds.checkSet("batch", d); err != nil {
		return 0, err
	}
	if t.batchIdx == nil || len(t.batchIdx) != d.Len() {
		t.batchIdx = make([]int, d.Len())
		for i := range t.batchIdx {
			t.batchIdx[i] = i
		}
	}
	if t.batchW == nil {
		t.batchW = t.weights()
	}
	loss, _, err := t.trainStep(d, t.batchIdx, t.batchW)
	if err != nil {
		return 0, fmt.Errorf("train: batch of %d: %w", d.Len(), err)
	}
	return loss, nil
}

// Evaluate returns the model's mean loss per sample over d, in batches of
// the training batch size; targets outside the range of the loss and a
// mean below its floor are errors, as for Fit.
func (t *Trainer) Evaluate(d Dataset) (float64, error) {
	if err := t.bounds.checkSet("evaluation", d); err != nil {
		return 0, err
	}
	m, err := t.evaluate(d, "evaluation")
	if err != nil {
		return 0, err
	}
	if err := t.bounds.checkLoss("train: loss", m.mean()); err != nil {
		return 0, err
	}
	return m.mean(), nil
}

// evaluate returns the sums of the loss and its terms over d, the set
// named set; it checks the targets of streamed rows as it reads them.
func (t *Trainer) evaluate(d Dataset, set string) (*means, error) {
	dim := graph.Size(t.model.SampleShape())
	if err := d.check(set, dim); err != nil {
		return nil, err
	}
	n := d.Len()
	batch := min(t.cfg.BatchSize, n)
	idx := make([]int, 0, batch)
	var buf []float32 // a streamed set's rows
	if d.X == nil {
		buf = make([]float32, batch*d.Dim)
	}
	sums := newMeans(len(t.terms))
	t.valSrc.Seed(t.cfg.Seed, valStream)
	for from := 0; from < n; from += batch {
		k := min(batch, n-from)
		part, first := d, from
		if buf != nil {
			if err := d.Rows.ReadRows(from, k, buf[:k*d.Dim]); err != nil {
				return nil, fmt.Errorf("rows %d-%d: %w", from, from+k-1, err)
			}
			if err := t.bounds.checkTargets(set, from, buf[:k*d.Dim], d.Dim); err != nil {
				return nil, err
			}
			part, first = Dataset{X: buf[:k*d.Dim], Dim: d.Dim}, 0
		}
		idx = idx[:0]
		for i := first; i < first+k; i++ {
			idx = append(idx, i)
		}
		s, err := t.program(progKey{k, false, part.Y != nil})
		if err != nil {
			return nil, err
		}
		loss, err := s.run(dim, part.X, part.Y, idx, nil)
		if err != nil {
			return nil, fmt.Errorf("rows %d-%d: %w", from, from+k-1, err)
		}
		sums.add(k, loss, s.vals)
	}
	return sums, nil
}

func (t *Trainer) each(event string, f func(Callback) error) error {
	for _, c := range t.cfg.Callbacks {
		if err := f(c); err != nil {
			return fmt.Errorf("train: callback %s, %s: %w", callbackName(c), event, err)
		}
	}
	return nil
}

// Close releases the compiled graphs.
func (t *Trainer) Close() error {
	for k := range t.progs {
		delete(t.progs, k)
	}
	return nil
}

package train

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// Describer is a model that can state its configuration, so that a
// checkpoint can rebuild it (nets.Load) and a resume can check it.
type Describer interface {
	ModelConfig() (string, error)
}

// Save writes the model's weights, the optimizer state, the shuffle
// generator's state, the epoch and the history to path, atomically. It
// refuses after a Fit that stopped in the middle of an epoch, whose
// weights are no finished epoch's.
func (t *Trainer) Save(path string) error {
	if t.midEpoch {
		return fmt.Errorf("train: saving %s: training stopped in epoch %d, whose weights are no finished epoch's; save after an epoch ends or restore a checkpoint", path, t.epoch+1)
	}
	p := t.model.Params()
	c := &checkpoint.Checkpoint{
		Epoch:   t.epoch,
		Weights: map[string]safetensors.Tensor{},
		Slots:   map[string]safetensors.Tensor{},
		Meta:    maps.Clone(t.cfg.Meta), // the keys below take precedence
	}
	for _, name := range p.Names() { // the weights and the state (moving statistics)
		c.Weights[name] = safetensors.Tensor{Shape: p.Shape(name), Data: p.Data(name)}
	}
	iters, slots := t.opt.State()
	for key, v := range slots {
		shape := []int{len(v)}
		if i := strings.IndexByte(key, '/'); i >= 0 {
			if s := p.Shape(key[i+1:]); s != nil {
				shape = s
			}
		}
		c.Slots[key] = safetensors.Tensor{Shape: shape, Data: v}
	}
	rng, err := t.src.MarshalBinary()
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	noise, err := t.noiseSrc.MarshalBinary()
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	hist, err := json.Marshal(historyJSON(t.history))
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	if c.Meta == nil {
		c.Meta = map[string]string{}
	}
	m := c.Meta
	m[checkpoint.MetaOptimizer] = t.opt.Name()
	m[checkpoint.MetaLR] = strconv.FormatFloat(t.opt.LearningRate(), 'g', -1, 64)
	m[checkpoint.MetaIterations] = strconv.Itoa(iters)
	m[checkpoint.MetaRNG] = hex.EncodeToString(rng)
	m[checkpoint.MetaNoiseRNG] = hex.EncodeToString(noise)
	m[checkpoint.MetaSeed] = strconv.FormatUint(t.cfg.Seed, 10)
	m[checkpoint.MetaHistory] = string(hist)
	m[checkpoint.MetaBatch] = strconv.Itoa(t.cfg.BatchSize)
	m[checkpoint.MetaShuffle] = strconv.FormatBool(!t.cfg.NoShuffle)
	hyper, err := json.Marshal(t.opt.Hyper())
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	m[checkpoint.MetaHyper] = string(hyper)
	if d, ok := t.model.(Describer); ok {
		if c.Model, err = d.ModelConfig(); err != nil {
			return fmt.Errorf("train: saving %s: %w", path, err)
		}
	}
	return checkpoint.Write(path, c)
}

// Restore loads a checkpoint written by Save into the trainer and its model,
// so that Fit continues the same run. The model and the optimizer must be
// the ones the checkpoint was written with.
func (t *Trainer) Restore(path string) error {
	c, err := checkpoint.Read(path)
	if err != nil {
		return err
	}
	if err := t.checkRun(c, path); err != nil {
		return err
	}
	m := c.Meta
	iters, err := strconv.Atoi(m[checkpoint.MetaIterations])
	if err != nil {
		return fmt.Errorf("train: %s: bad %s %q", path, checkpoint.MetaIterations, m[checkpoint.MetaIterations])
	}
	src, err := pcgState(m[checkpoint.MetaRNG])
	if err != nil {
		return fmt.Errorf("train: %s: bad %s state: %w", path, checkpoint.MetaRNG, err)
	}
	noise := t.noiseSrc // checkpoints before noise_rng drew no noise
	if m[checkpoint.MetaNoiseRNG] != "" {
		if noise, err = pcgState(m[checkpoint.MetaNoiseRNG]); err != nil {
			return fmt.Errorf("train: %s: bad %s state: %w", path, checkpoint.MetaNoiseRNG, err)
		}
	}
	h, err := CheckpointHistory(c)
	if err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	if len(h.Epochs) != c.Epoch {
		return fmt.Errorf("train: %s: a history of %d epochs for epoch %d", path, len(h.Epochs), c.Epoch)
	}
	slots := map[string][]float32{}
	for key, tns := range c.Slots {
		slots[key] = tns.Data
	}
	// Everything is checked; SetState checks the slots before it changes
	// anything, so a bad checkpoint leaves the trainer as it was.
	if err := t.opt.SetState(iters, slots, t.weightSizes()); err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	p := t.model.Params()
	for _, name := range p.Names() {
		w := c.Weights[name]
		if err := p.Set(name, w.Shape, w.Data); err != nil {
			return fmt.Errorf("train: %s: %w", path, err)
		}
	}
	*t.src = *src
	*t.noiseSrc = *noise
	t.epoch, t.midEpoch = c.Epoch, false
	t.history = *h
	return nil
}

// CheckpointShuffled reports whether the run of checkpoint c shuffled its
// samples: its record, or true for a checkpoint from before the record,
// when every run shuffled.
func CheckpointShuffled(c *checkpoint.Checkpoint) bool {
	return c.Meta[checkpoint.MetaShuffle] != "false"
}

// checkRun checks that the checkpoint c, read from path, is of a run of
// the trainer's model and optimizer, and holds the model's weights.
func (t *Trainer) checkRun(c *checkpoint.Checkpoint, path string) error {
	if d, ok := t.model.(Describer); ok {
		want, err := d.ModelConfig()
		if err != nil {
			return err
		}
		if c.Model != want {
			return fmt.Errorf("train: %s holds model %s, not %s", path, c.Model, want)
		}
	}
	if got := c.Meta[checkpoint.MetaOptimizer]; got != t.opt.Name() {
		return fmt.Errorf("train: %s was trained with optimizer %s, not %s", path, got, t.opt.Name())
	}
	if shuffled := CheckpointShuffled(c); shuffled == t.cfg.NoShuffle {
		return fmt.Errorf("train: %s was trained with shuffle %v, this trainer's is %v (Config.NoShuffle)", path, shuffled, !t.cfg.NoShuffle)
	}
	if err := t.checkHyper(c); err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	if err := t.checkWeights(c); err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	return nil
}

// checkWeights checks that the checkpoint holds exactly the model's
// parameters, each of its shape and finite.
func (t *Trainer) checkWeights(c *checkpoint.Checkpoint) error {
	p := t.model.Params()
	names := p.Names()
	if len(c.Weights) != len(names) {
		return fmt.Errorf("%d weights, the model has %d", len(c.Weights), len(names))
	}
	for _, name := range names {
		w, ok := c.Weights[name]
		if !ok {
			return fmt.Errorf("no weight %q", name)
		}
		if !slices.Equal(w.Shape, p.Shape(name)) {
			return fmt.Errorf("weight %q has shape %v, the model's is %v", name, w.Shape, p.Shape(name))
		}
		for i, v := range w.Data {
			if v != v || math.IsInf(float64(v), 0) {
				return fmt.Errorf("weight %q[%d] is %v", name, i, v)
			}
		}
	}
	return nil
}

// checkHyper checks that the optimizer's hyperparameters, but for the
// learning rate, which a resumed run may change, are the checkpoint's.
func (t *Trainer) checkHyper(c *checkpoint.Checkpoint) error {
	saved, err := c.Hyper()
	if err != nil || saved == nil {
		return err
	}
	for k, v := range t.opt.Hyper() {
		if w, ok := saved[k]; k != "learning_rate" && (!ok || w != v) {
			return fmt.Errorf("the run used %s %v, this optimizer has %v", k, w, v)
		}
	}
	return nil
}

// CheckpointOptimizer returns a new optimizer with the name and the
// hyperparameters of the checkpoint's, lr replacing its learning rate
// unless 0.
func CheckpointOptimizer(c *checkpoint.Checkpoint, lr float64) (Optimizer, error) {
	h, err := c.Hyper()
	if err != nil {
		return nil, err
	}
	if h == nil {
		h = map[string]float64{}
		if v, err := strconv.ParseFloat(c.Meta[checkpoint.MetaLR], 64); err == nil {
			h["learning_rate"] = v
		}
	}
	if lr != 0 {
		h["learning_rate"] = lr
	}
	return NewOptimizerFrom(c.Meta[checkpoint.MetaOptimizer], h)
}

// pcgState decodes a generator state saved by Save.
func pcgState(s string) (*rand.PCG, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, err
	}
	src := &rand.PCG{}
	if err := src.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return src, nil
}

// CheckpointHistory returns the losses of the epochs the checkpoint's run
// completed.
func CheckpointHistory(c *checkpoint.Checkpoint) (*History, error) {
	var h []epochJSON
	if err := json.Unmarshal([]byte(c.Meta[checkpoint.MetaHistory]), &h); err != nil {
		return nil, fmt.Errorf("bad history: %w", err)
	}
	out := &History{}
	for _, e := range h {
		out.add(e.logs())
	}
	return out, nil
}

// epochJSON stores NaN val_loss as null.
type epochJSON struct {
	Epoch   int        `json:"epoch"`
	Loss    float64    `json:"loss"`
	ValLoss *float64   `json:"val_loss"`
	Terms   []termJSON `json:"terms,omitempty"`
	Seconds float64    `json:"seconds"`
}

type termJSON struct {
	Name  string   `json:"name"`
	Value float64  `json:"value"`
	Val   *float64 `json:"val"`
}

// orNull returns nil for NaN.
func orNull(v float64) *float64 {
	if v != v {
		return nil
	}
	return &v
}

func orNaN(v *float64) float64 {
	if v == nil {
		return nan()
	}
	return *v
}

func historyJSON(h History) []epochJSON {
	out := make([]epochJSON, 0, len(h.Epochs))
	for _, e := range h.Epochs {
		j := epochJSON{Epoch: e.Epoch, Loss: e.Loss, Seconds: e.Seconds, ValLoss: orNull(e.ValLoss)}
		for _, t := range e.Terms {
			j.Terms = append(j.Terms, termJSON{t.Name, t.Value, orNull(t.Val)})
		}
		out = append(out, j)
	}
	return out
}

func (e epochJSON) logs() EpochLogs {
	l := EpochLogs{Epoch: e.Epoch, Loss: e.Loss, Seconds: e.Seconds, ValLoss: orNaN(e.ValLoss)}
	for _, t := range e.Terms {
		l.Terms = append(l.Terms, Term{t.Name, t.Value, orNaN(t.Val)})
	}
	return l
}

package train

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

// CheckpointFormat is the value of the "format" metadata key of every
// checkpoint this package writes.
const CheckpointFormat = "go-autoencoders/checkpoint/v1"

// Metadata keys of a checkpoint. Weights are stored under their parameter
// names; optimizer slots under "optimizer/<slot>/<parameter name>".
const (
	MetaFormat     = "format"
	MetaModel      = "model" // the model's JSON config, see Describer
	MetaEpoch      = "epoch"
	MetaOptimizer  = "optimizer"
	MetaLR         = "learning_rate"
	MetaIterations = "optimizer_iterations"
	MetaRNG        = "rng"
	MetaNoiseRNG   = "noise_rng" // the training graphs' random source
	MetaSeed       = "seed"
	MetaHistory    = "history"
	MetaHyper      = "optimizer_hyper" // every hyperparameter, JSON
	MetaBatch      = "batch_size"
	// MetaData is what the run trained on, JSON: the data's path and
	// fingerprint, the options it was read with and its validation split
	// (cmd/internal/cli.DataRecord), from Config.Meta.
	MetaData = "data"
)

// Describer is a model that can state its configuration, so that a
// checkpoint can rebuild it (nets.Load) and a resume can check it.
type Describer interface {
	ModelConfig() (string, error)
}

// Checkpoint is the content of a checkpoint file.
type Checkpoint struct {
	Model   string // the model's config, "" if the model is no Describer
	Epoch   int
	Weights map[string]safetensors.Tensor
	Meta    map[string]string
	file    *safetensors.File
}

// ReadCheckpoint reads and checks a checkpoint file.
func ReadCheckpoint(path string) (*Checkpoint, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if got := f.Metadata[MetaFormat]; got != CheckpointFormat {
		return nil, fmt.Errorf("train: %s is not a checkpoint of this framework (format %q, want %q)", path, got, CheckpointFormat)
	}
	epoch, err := strconv.Atoi(f.Metadata[MetaEpoch])
	if err != nil || epoch < 0 {
		return nil, fmt.Errorf("train: %s: bad epoch %q", path, f.Metadata[MetaEpoch])
	}
	c := &Checkpoint{Model: f.Metadata[MetaModel], Epoch: epoch, Weights: map[string]safetensors.Tensor{}, Meta: f.Metadata, file: f}
	for name, t := range f.Tensors {
		if !strings.HasPrefix(name, "optimizer/") {
			c.Weights[name] = t
		}
	}
	return c, nil
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
	f := &safetensors.File{Tensors: map[string]safetensors.Tensor{}, Metadata: map[string]string{}}
	for _, name := range p.Names() { // the weights and the state (moving statistics)
		f.Tensors[name] = safetensors.Tensor{Shape: p.Shape(name), Data: p.Data(name)}
	}
	iters, slots := t.opt.State()
	for key, v := range slots {
		shape := []int{len(v)}
		if i := strings.IndexByte(key, '/'); i >= 0 {
			if s := p.Shape(key[i+1:]); s != nil {
				shape = s
			}
		}
		f.Tensors["optimizer/"+key] = safetensors.Tensor{Shape: shape, Data: v}
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
	m := f.Metadata
	for k, v := range t.cfg.Meta { // the keys below take precedence
		m[k] = v
	}
	m[MetaFormat] = CheckpointFormat
	m[MetaEpoch] = strconv.Itoa(t.epoch)
	m[MetaOptimizer] = t.opt.Name()
	m[MetaLR] = strconv.FormatFloat(t.opt.LearningRate(), 'g', -1, 64)
	m[MetaIterations] = strconv.Itoa(iters)
	m[MetaRNG] = hex.EncodeToString(rng)
	m[MetaNoiseRNG] = hex.EncodeToString(noise)
	m[MetaSeed] = strconv.FormatUint(t.cfg.Seed, 10)
	m[MetaHistory] = string(hist)
	m[MetaBatch] = strconv.Itoa(t.cfg.BatchSize)
	hyper, err := json.Marshal(t.opt.Hyper())
	if err != nil {
		return fmt.Errorf("train: saving %s: %w", path, err)
	}
	m[MetaHyper] = string(hyper)
	if d, ok := t.model.(Describer); ok {
		if m[MetaModel], err = d.ModelConfig(); err != nil {
			return fmt.Errorf("train: saving %s: %w", path, err)
		}
	}
	return safetensors.WriteFile(path, f)
}

// Restore loads a checkpoint written by Save into the trainer and its model,
// so that Fit continues the same run. The model and the optimizer must be
// the ones the checkpoint was written with.
func (t *Trainer) Restore(path string) error {
	c, err := ReadCheckpoint(path)
	if err != nil {
		return err
	}
	m := c.Meta
	if d, ok := t.model.(Describer); ok {
		want, err := d.ModelConfig()
		if err != nil {
			return err
		}
		if c.Model != want {
			return fmt.Errorf("train: %s holds model %s, not %s", path, c.Model, want)
		}
	}
	if m[MetaOptimizer] != t.opt.Name() {
		return fmt.Errorf("train: %s was trained with optimizer %s, not %s", path, m[MetaOptimizer], t.opt.Name())
	}
	if err := t.checkHyper(c); err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	if err := t.checkWeights(c); err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	iters, err := strconv.Atoi(m[MetaIterations])
	if err != nil {
		return fmt.Errorf("train: %s: bad %s %q", path, MetaIterations, m[MetaIterations])
	}
	src, err := pcgState(m[MetaRNG])
	if err != nil {
		return fmt.Errorf("train: %s: bad %s state: %w", path, MetaRNG, err)
	}
	noise := t.noiseSrc // checkpoints before noise_rng drew no noise
	if m[MetaNoiseRNG] != "" {
		if noise, err = pcgState(m[MetaNoiseRNG]); err != nil {
			return fmt.Errorf("train: %s: bad %s state: %w", path, MetaNoiseRNG, err)
		}
	}
	h, err := c.History()
	if err != nil {
		return fmt.Errorf("train: %s: %w", path, err)
	}
	if len(h.Epochs) != c.Epoch {
		return fmt.Errorf("train: %s: a history of %d epochs for epoch %d", path, len(h.Epochs), c.Epoch)
	}
	slots := map[string][]float32{}
	for name, tns := range c.file.Tensors {
		if key, ok := strings.CutPrefix(name, "optimizer/"); ok {
			slots[key] = tns.Data
		}
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

// checkWeights checks that the checkpoint holds exactly the model's
// parameters, each of its shape and finite.
func (t *Trainer) checkWeights(c *Checkpoint) error {
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
func (t *Trainer) checkHyper(c *Checkpoint) error {
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

// Hyper returns the optimizer's hyperparameters the checkpoint holds, nil
// for checkpoints that stored only the learning rate.
func (c *Checkpoint) Hyper() (map[string]float64, error) {
	s := c.Meta[MetaHyper]
	if s == "" {
		return nil, nil
	}
	var h map[string]float64
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return nil, fmt.Errorf("train: bad %s: %w", MetaHyper, err)
	}
	return h, nil
}

// Optimizer returns a new optimizer with the checkpoint's name and
// hyperparameters, lr replacing its learning rate unless 0.
func (c *Checkpoint) Optimizer(lr float64) (Optimizer, error) {
	h, err := c.Hyper()
	if err != nil {
		return nil, err
	}
	if h == nil {
		h = map[string]float64{}
		if v, err := strconv.ParseFloat(c.Meta[MetaLR], 64); err == nil {
			h["learning_rate"] = v
		}
	}
	if lr != 0 {
		h["learning_rate"] = lr
	}
	return NewOptimizerFrom(c.Meta[MetaOptimizer], h)
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

// History returns the losses of the epochs the checkpoint's run completed.
func (c *Checkpoint) History() (*History, error) {
	var h []epochJSON
	if err := json.Unmarshal([]byte(c.Meta[MetaHistory]), &h); err != nil {
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

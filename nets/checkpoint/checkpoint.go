package checkpoint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

// Format is the value of the MetaFormat key of every checkpoint.
const Format = "go-autoencoders/checkpoint/v1"

// Metadata keys of a checkpoint.
const (
	MetaFormat     = "format"
	MetaModel      = "model" // the model's JSON config (its spec)
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
	MetaShuffle    = "shuffle" // "false" where the run kept the data's order
	// MetaData is what the run trained on, JSON: the data's path and
	// fingerprint, the options it was read with and its validation split
	// (cmd/internal/cli.DataRecord), from the trainer's Config.Meta.
	MetaData = "data"
)

// slotPrefix begins the tensor names of the optimizer's slots.
const slotPrefix = "optimizer/"

// Checkpoint is the content of a checkpoint file.
type Checkpoint struct {
	Model   string // the model's config, "" if the file holds none
	Epoch   int
	Weights map[string]safetensors.Tensor // the weights and state, by parameter name
	Slots   map[string]safetensors.Tensor // the optimizer's, by "<slot>/<parameter name>"
	Meta    map[string]string             // every metadata key, those above included
}

// Read reads and checks a checkpoint file.
func Read(path string) (*Checkpoint, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return fromFile(f, path)
}

// Decode reads and checks a checkpoint from its bytes b, read from
// source (a path or URL, for error messages), as Read does: for
// checkpoints held outside the local file system.
func Decode(b []byte, source string) (*Checkpoint, error) {
	f, err := safetensors.Read(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %s: %w", source, err)
	}
	return fromFile(f, source)
}

// fromFile checks a safetensors file read from path as a checkpoint.
func fromFile(f *safetensors.File, path string) (*Checkpoint, error) {
	if got := f.Metadata[MetaFormat]; got != Format {
		return nil, fmt.Errorf("checkpoint: %s is not a checkpoint of this framework (format %q, want %q)", path, got, Format)
	}
	epoch, err := strconv.Atoi(f.Metadata[MetaEpoch])
	if err != nil || epoch < 0 {
		return nil, fmt.Errorf("checkpoint: %s: bad epoch %q", path, f.Metadata[MetaEpoch])
	}
	c := &Checkpoint{
		Model:   f.Metadata[MetaModel],
		Epoch:   epoch,
		Weights: map[string]safetensors.Tensor{},
		Slots:   map[string]safetensors.Tensor{},
		Meta:    f.Metadata,
	}
	for name, t := range f.Tensors {
		if key, ok := strings.CutPrefix(name, slotPrefix); ok {
			c.Slots[key] = t
		} else {
			c.Weights[name] = t
		}
	}
	return c, nil
}

// Write writes c to path atomically (safetensors.WriteFile): its weights,
// its slots, and its metadata with MetaFormat, MetaEpoch and, unless
// c.Model is "", MetaModel set from c, which take precedence over the
// same keys in c.Meta. It does not change c.
func Write(path string, c *Checkpoint) error {
	f := &safetensors.File{Tensors: maps.Clone(c.Weights), Metadata: maps.Clone(c.Meta)}
	if f.Tensors == nil {
		f.Tensors = map[string]safetensors.Tensor{}
	}
	if f.Metadata == nil {
		f.Metadata = map[string]string{}
	}
	for key, t := range c.Slots {
		f.Tensors[slotPrefix+key] = t
	}
	f.Metadata[MetaFormat] = Format
	f.Metadata[MetaEpoch] = strconv.Itoa(c.Epoch)
	if c.Model != "" {
		f.Metadata[MetaModel] = c.Model
	}
	return safetensors.WriteFile(path, f)
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
		return nil, fmt.Errorf("checkpoint: bad %s: %w", MetaHyper, err)
	}
	return h, nil
}

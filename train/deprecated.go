package train

import (
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/nets/noise"
)

// The checkpoint file format moved to package nets/checkpoint, so that
// nets.Load does not link the trainer, and the noises to package
// nets/noise; these names forward to them.

// Checkpoint is the content of a checkpoint file.
//
// Deprecated: use checkpoint.Checkpoint; its History and Optimizer
// methods are CheckpointHistory and CheckpointOptimizer.
type Checkpoint = checkpoint.Checkpoint

// ReadCheckpoint reads and checks a checkpoint file.
//
// Deprecated: use checkpoint.Read.
func ReadCheckpoint(path string) (*checkpoint.Checkpoint, error) { return checkpoint.Read(path) }

// Deprecated: use checkpoint.Format.
const CheckpointFormat = checkpoint.Format

// Metadata keys of a checkpoint.
//
// Deprecated: use the keys of package nets/checkpoint.
const (
	MetaFormat     = checkpoint.MetaFormat
	MetaModel      = checkpoint.MetaModel
	MetaEpoch      = checkpoint.MetaEpoch
	MetaOptimizer  = checkpoint.MetaOptimizer
	MetaLR         = checkpoint.MetaLR
	MetaIterations = checkpoint.MetaIterations
	MetaRNG        = checkpoint.MetaRNG
	MetaNoiseRNG   = checkpoint.MetaNoiseRNG
	MetaSeed       = checkpoint.MetaSeed
	MetaHistory    = checkpoint.MetaHistory
	MetaHyper      = checkpoint.MetaHyper
	MetaBatch      = checkpoint.MetaBatch
	MetaData       = checkpoint.MetaData
)

// Noise corrupts a batch of inputs in place.
//
// Deprecated: use noise.Noise.
type Noise = noise.Noise

// Deprecated: use noise.Gaussian.
type GaussianNoise = noise.Gaussian

// Deprecated: use noise.Mask.
type MaskNoise = noise.Mask

// Deprecated: use noise.SaltPepper.
type SaltPepperNoise = noise.SaltPepper

// ParseNoise parses a spec's noise.
//
// Deprecated: use noise.Parse.
func ParseNoise(s string) (noise.Noise, error) { return noise.Parse(s) }

package noise

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Noise corrupts a batch of inputs in place, for denoising autoencoders:
// the model sees the corrupted inputs and is scored against the clean
// ones. The trainer (package train) draws fresh noise for every batch,
// each sample's from a stream seeded by its seeded random source (saved
// in checkpoints), on as many threads as the kernels use; it validates on
// one fixed noisy copy of the validation set.
//
// Corrupt must be safe to call on several goroutines at once: the trainer
// corrupts a batch's samples side by side, each call with its own rng.
// (Builds before the noise was drawn sample by sample drew it from one
// stream, so a checkpoint they saved resumes with other noise.)
type Noise interface {
	// Corrupt adds noise to x in place, drawing from rng. x is one
	// sample's inputs while training and the whole validation set's
	// inputs for the fixed noisy copy.
	Corrupt(rng *rand.Rand, x []float32)
	// String is the noise's spec form, "gaussian:0.5".
	String() string
}

// Gaussian adds Std·N(0,1) to every value and clips to [0, 1], as the
// Keras blog's denoiser does with its 0.5.
type Gaussian struct{ Std float64 }

func (n Gaussian) Corrupt(rng *rand.Rand, x []float32) {
	for i, v := range x {
		x[i] = min(max(v+float32(n.Std*rng.NormFloat64()), 0), 1)
	}
}

func (n Gaussian) String() string { return "gaussian:" + strconv.FormatFloat(n.Std, 'g', -1, 64) }

// Mask sets each value to zero with probability Frac (masking noise,
// Vincent et al. 2008).
type Mask struct{ Frac float64 }

func (n Mask) Corrupt(rng *rand.Rand, x []float32) {
	for i := range x {
		if rng.Float64() < n.Frac {
			x[i] = 0
		}
	}
}

func (n Mask) String() string { return "mask:" + strconv.FormatFloat(n.Frac, 'g', -1, 64) }

// SaltPepper sets each value, with probability Frac, to 0 or 1 with equal
// chances.
type SaltPepper struct{ Frac float64 }

func (n SaltPepper) Corrupt(rng *rand.Rand, x []float32) {
	for i := range x {
		if rng.Float64() < n.Frac {
			x[i] = float32(rng.IntN(2))
		}
	}
}

func (n SaltPepper) String() string {
	return "saltpepper:" + strconv.FormatFloat(n.Frac, 'g', -1, 64)
}

// Parse parses a spec's noise, "gaussian:STD", "mask:FRAC" or
// "saltpepper:FRAC"; the empty string is no noise (nil).
func Parse(s string) (Noise, error) {
	if s == "" {
		return nil, nil
	}
	kind, arg, ok := strings.Cut(s, ":")
	v, err := strconv.ParseFloat(arg, 64)
	if !ok || err != nil || v != v {
		return nil, fmt.Errorf("noise: %q: want KIND:NUMBER, such as gaussian:0.5, mask:0.3 or saltpepper:0.1", s)
	}
	switch kind {
	case "gaussian":
		if v < 0 || v > 1e3 {
			return nil, fmt.Errorf("noise: %q: the standard deviation must be in [0, 1000]", s)
		}
		return Gaussian{v}, nil
	case "mask", "saltpepper":
		if v < 0 || v > 1 {
			return nil, fmt.Errorf("noise: %q: the fraction must be in [0, 1]", s)
		}
		if kind == "mask" {
			return Mask{v}, nil
		}
		return SaltPepper{v}, nil
	}
	return nil, fmt.Errorf("noise: %q: unknown kind %q (want gaussian, mask or saltpepper)", s, kind)
}

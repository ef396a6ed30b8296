package train

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// Noise corrupts a batch of inputs in place, for denoising autoencoders:
// the model sees the corrupted inputs and is scored against the clean
// ones. The trainer draws fresh noise for every batch, each sample's from
// a stream seeded by its seeded random source (saved in checkpoints), on
// as many threads as the kernels use; it validates on one fixed noisy copy
// of the validation set.
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
	// String is the noise's flag form, "gaussian:0.5".
	String() string
}

// GaussianNoise adds Std·N(0,1) to every value and clips to [0, 1], as the
// Keras blog's denoiser does with its 0.5.
type GaussianNoise struct{ Std float64 }

func (n GaussianNoise) Corrupt(rng *rand.Rand, x []float32) {
	for i, v := range x {
		x[i] = min(max(v+float32(n.Std*rng.NormFloat64()), 0), 1)
	}
}

func (n GaussianNoise) String() string { return "gaussian:" + strconv.FormatFloat(n.Std, 'g', -1, 64) }

// MaskNoise sets each value to zero with probability Frac (masking noise,
// Vincent et al. 2008).
type MaskNoise struct{ Frac float64 }

func (n MaskNoise) Corrupt(rng *rand.Rand, x []float32) {
	for i := range x {
		if rng.Float64() < n.Frac {
			x[i] = 0
		}
	}
}

func (n MaskNoise) String() string { return "mask:" + strconv.FormatFloat(n.Frac, 'g', -1, 64) }

// SaltPepperNoise sets each value, with probability Frac, to 0 or 1 with
// equal chances.
type SaltPepperNoise struct{ Frac float64 }

func (n SaltPepperNoise) Corrupt(rng *rand.Rand, x []float32) {
	for i := range x {
		if rng.Float64() < n.Frac {
			x[i] = float32(rng.IntN(2))
		}
	}
}

func (n SaltPepperNoise) String() string {
	return "saltpepper:" + strconv.FormatFloat(n.Frac, 'g', -1, 64)
}

// ParseNoise parses "gaussian:STD", "mask:FRAC" or "saltpepper:FRAC"; the
// empty string is no noise (nil).
func ParseNoise(s string) (Noise, error) {
	if s == "" {
		return nil, nil
	}
	kind, arg, ok := strings.Cut(s, ":")
	v, err := strconv.ParseFloat(arg, 64)
	if !ok || err != nil || v != v {
		return nil, fmt.Errorf("train: noise %q: want KIND:NUMBER, such as gaussian:0.5, mask:0.3 or saltpepper:0.1", s)
	}
	switch kind {
	case "gaussian":
		if v < 0 || v > 1e3 {
			return nil, fmt.Errorf("train: noise %q: the standard deviation must be in [0, 1000]", s)
		}
		return GaussianNoise{v}, nil
	case "mask", "saltpepper":
		if v < 0 || v > 1 {
			return nil, fmt.Errorf("train: noise %q: the fraction must be in [0, 1]", s)
		}
		if kind == "mask" {
			return MaskNoise{v}, nil
		}
		return SaltPepperNoise{v}, nil
	}
	return nil, fmt.Errorf("train: noise %q: unknown kind %q (want gaussian, mask or saltpepper)", s, kind)
}

// corruptBatch corrupts the batch x, samples of dim values, with n: each
// sample from a stream of its own, seeded by a draw from rng in sample
// order, so that the samples can be corrupted side by side, one run of
// them per kernel thread, and the noise is the same for any thread count.
func corruptBatch(n Noise, rng *rand.Rand, x []float32, dim int) {
	samples := len(x) / dim
	if samples == 0 {
		return
	}
	seeds := make([]uint64, samples)
	for i := range seeds {
		seeds[i] = rng.Uint64()
	}
	parts := min(graph.Threads(), samples)
	graph.Concurrently(parts, func(p int) {
		src := rand.NewPCG(0, 0)
		r := rand.New(src)
		for i := p * samples / parts; i < (p+1)*samples/parts; i++ {
			src.Seed(seeds[i], sampleStream)
			n.Corrupt(r, x[i*dim:(i+1)*dim])
		}
	})
}

// sampleStream is the second seed word of corruptBatch's streams.
const sampleStream = 0x5eed

// noisyCopy returns d with its inputs corrupted once, from a generator of
// its own seeded with seed, and its clean inputs as targets: the fixed
// noisy validation set.
func noisyCopy(d Dataset, n Noise, seed uint64) Dataset {
	x := append([]float32(nil), d.X...)
	n.Corrupt(rand.New(rand.NewPCG(seed, 0x7a1)), x)
	y := d.Y
	if y == nil {
		y = d.X
	}
	return Dataset{X: x, Y: y, Dim: d.Dim}
}

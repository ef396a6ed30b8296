package train

import (
	"math/rand/v2"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets/noise"
)

// corruptBatch corrupts the batch x, samples of dim values, with n: each
// sample from a stream of its own, seeded by a draw from rng in sample
// order, so that the samples can be corrupted side by side, one run of
// them per kernel thread, and the noise is the same for any thread count.
func corruptBatch(n noise.Noise, rng *rand.Rand, x []float32, dim int) {
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
func noisyCopy(d Dataset, n noise.Noise, seed uint64) Dataset {
	x := append([]float32(nil), d.X...)
	n.Corrupt(rand.New(rand.NewPCG(seed, 0x7a1)), x)
	y := d.Y
	if y == nil {
		y = d.X
	}
	return Dataset{X: x, Y: y, Dim: d.Dim}
}

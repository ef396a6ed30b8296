package graph

import (
	"math"
	"math/rand/v2"
)

// An Initializer fills data, a tensor of the given shape, with initial values.
type Initializer func(rng *rand.Rand, shape []int, data []float32)

// GlorotUniform draws from U(-l, l) with l = sqrt(6 / (fanIn + fanOut)), the
// Keras default kernel initializer. For a Dense kernel (in, out) the fans
// are in and out; for a convolution kernel (out, in, kh, kw) they are
// in·kh·kw and out·kh·kw.
func GlorotUniform(rng *rand.Rand, shape []int, data []float32) {
	fanIn, fanOut := fans(shape)
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	for i := range data {
		data[i] = float32((2*rng.Float64() - 1) * limit)
	}
}

// Zeros sets every value to zero, the Keras default bias initializer.
func Zeros(_ *rand.Rand, _ []int, data []float32) {
	clear(data)
}

// Ones sets every value to one, the Keras initializer of batch
// normalisation's gamma and moving variance.
func Ones(_ *rand.Rand, _ []int, data []float32) {
	for i := range data {
		data[i] = 1
	}
}

func fans(shape []int) (in, out int) {
	switch len(shape) {
	case 0:
		return 1, 1
	case 1:
		return shape[0], shape[0]
	case 2:
		return shape[0], shape[1]
	default:
		field := 1
		for _, d := range shape[2:] {
			field *= d
		}
		return shape[1] * field, shape[0] * field
	}
}

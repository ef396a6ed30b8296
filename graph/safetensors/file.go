package safetensors

import "math"

// A Tensor is a dense float32 array in row-major order.
//
// An empty Shape denotes a scalar holding one element; a dimension of 0
// denotes an empty tensor. len(Data) must equal the product of Shape.
type Tensor struct {
	Shape []int
	Data  []float32
}

// A File is the contents of a safetensors file: named tensors and optional
// string metadata (stored under the header key "__metadata__").
type File struct {
	Tensors  map[string]Tensor
	Metadata map[string]string
}

// metadataKey is the reserved header key holding the string metadata.
const metadataKey = "__metadata__"

// maxElements bounds the element count of a tensor so that its size in
// bytes, for any supported dtype, fits in an int.
const maxElements = math.MaxInt / 8

// numElements returns the number of elements of a tensor of the given
// shape, or a *FormatError naming the tensor if a dimension is negative or
// the count is too large.
func numElements(name string, shape []int) (int, error) {
	for _, d := range shape {
		if d < 0 {
			return 0, tensorErrorf(name, "negative dimension in shape %v", shape)
		}
		if d == 0 {
			return 0, nil
		}
	}
	n := 1
	for _, d := range shape {
		if n > maxElements/d {
			return 0, tensorErrorf(name, "shape %v has too many elements", shape)
		}
		n *= d
	}
	return n, nil
}

package graph

import "gorgonia.org/tensor"

func tensorOf(shape []int, data []float32) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
}

// Size returns the number of elements of a tensor of the given shape.
func Size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func dimOr(s tensor.Shape, i int) int {
	if i < len(s) {
		return s[i]
	}
	return -1
}

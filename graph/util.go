package graph

import "gorgonia.org/tensor"

func tensorOf(shape []int, data []float32) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
}

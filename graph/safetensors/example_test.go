package safetensors_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

func Example() {
	f := &safetensors.File{
		Tensors: map[string]safetensors.Tensor{
			"dense/w": {Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, 6}},
			"dense/b": {Shape: []int{3}, Data: []float32{0.5, 0, -0.5}},
			"step":    {Shape: []int{}, Data: []float32{100}},
		},
		Metadata: map[string]string{"format": "pt"},
	}
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, f); err != nil {
		log.Fatal(err)
	}

	g, err := safetensors.Read(&buf)
	if err != nil {
		log.Fatal(err)
	}
	w := g.Tensors["dense/w"]
	fmt.Println(w.Shape, w.Data)
	fmt.Println(g.Tensors["step"].Data, g.Metadata["format"])
	// Output:
	// [2 3] [1 2 3 4 5 6]
	// [100] pt
}

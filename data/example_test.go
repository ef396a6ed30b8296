package data_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/go-autoencoders/ae/data"
)

func ExampleReadIDX() {
	// Two 2x3 images: magic (0, 0, type 0x08, 3 dims), the dims as
	// big-endian uint32 values, then the bytes.
	file := []byte{
		0, 0, 0x08, 3,
		0, 0, 0, 2,
		0, 0, 0, 2,
		0, 0, 0, 3,
		1, 2, 3, 4, 5, 6,
		7, 8, 9, 10, 11, 12,
	}
	m, err := data.ReadIDX(bytes.NewReader(file))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Dims, m.Data[6:])
	// Output: [2 2 3] [7 8 9 10 11 12]
}

func ExampleBundledMNISTDir() {
	dir, err := data.BundledMNISTDir()
	if err != nil {
		log.Fatal(err)
	}
	m, err := data.LoadMNIST(dir)
	if err != nil {
		log.Fatal(err)
	}
	small := m.Train.Head(1000)
	fmt.Println(small.N, small.Dim(), len(small.Row(0)), m.TrainLabels[0])
}

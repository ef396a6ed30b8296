package data_test

import (
	"bytes"
	"errors"
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

func ExampleParseCSV() {
	csv := "height,weight,species\n1.2,30,\"cat\"\n0.4,4.5,mouse\n"
	s, err := data.ParseCSV([]byte(csv), "animals.csv", "species")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Len(), s.Shape, s.X, s.Labels)

	scaler, err := data.FitScaler("minmax", s)
	if err != nil {
		log.Fatal(err)
	}
	if err := scaler.Apply(s.X); err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.X)
	// Output:
	// 2 [2] [1.2 30 0.4 4.5] [cat mouse]
	// [1 1 0 0]
}

func ExampleParseCSV_error() {
	_, err := data.ParseCSV([]byte("a,b\n1,2\n3,x\n"), "bad.csv", "")
	fmt.Println(err)
	var pe *data.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Line, pe.Column, pe.Name)
	}
	// Output:
	// data: bad.csv:3: column 2 ("b"): not a finite number: "x"
	// 3 2 b
}

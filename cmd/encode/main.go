// Command encode writes the code of every sample of a data set, computed
// by a trained autoencoder, with the samples' labels beside:
//
//	go run ./cmd/encode -o codes.npy runs/dense/best.safetensors
//	go run ./cmd/encode -o codes.csv -data iris.csv -label-column species runs/iris/best.safetensors
//
// The samples are the test part of -data if it has one, else all of it;
// without -data, of the data the checkpoint records (read as the training
// run read it; flags given win), else of the bundled MNIST (its 10,000
// test digits). The codes are in the order of the rows of that part.
// An output that would replace the -data file (or go into a -data folder)
// is refused. They are
// scaled as the checkpoint says and encoded 256 at a time, so the codes
// equal Autoencoder.Encode of the scaled samples, bit for bit; a .npy
// input is read as needed, not all at once.
//
// -o ending in .npy writes a float32 array (samples, code values) and,
// if the data has labels, labels.npy in the same folder (int64 when every
// label is an integer, else strings); -o ending in .csv writes a header
// c0,c1,... and a label column. Beside the output, codes-2d.png shows the
// codes in the plane (the code itself for 2 units, else its first two
// principal components), one colour a label, for up to 10,000 samples.
// The files are written into a temporary folder beside them and moved
// into place together when all are written: a run that fails replaces
// none of an earlier run's files and leaves none of its own.
package main

import (
	"context"
	"io"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
)

func main() { cli.Main(run) }

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err == nil {
		err = encode(ctx, o, stdout, stderr)
	}
	return cli.Code("encode", err, stderr)
}

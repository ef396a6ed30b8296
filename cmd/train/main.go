// Command train trains an autoencoder: a named spec (-arch conv, -arch
// vae, -arch list shows them), a spec file (-arch my.json) or a dense stack
// (-layers 256,64,16), on the bundled MNIST or on your data (-data
// x.csv|x.npy|x.npz|IMAGES/|IDXDIR/):
//
//	go run ./cmd/train -arch conv
//
// It writes history.csv, last.safetensors, best.safetensors and pictures
// into -out (default runs/<arch>, numbered runs/<arch>-2, -3, ... when that
// holds a run). Run it with -h for the flags. From Go, train.Fit trains a
// spec on data the same way.
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
		err = trainRun(ctx, o, cli.Logger(stderr), stdout)
	}
	return cli.Code("train", err, stderr)
}

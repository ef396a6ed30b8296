// Command export writes a trained autoencoder as an ONNX model (opset 17),
// for ONNX Runtime, PyTorch or any other ONNX reader:
//
//	go run ./cmd/export -o model.onnx runs/dense/best.safetensors
//	go run ./cmd/export -o encoder.onnx -graph encoder runs/vae/best.safetensors
//
// -graph picks what the model computes: reconstruct (samples "x" to their
// "reconstruction"), encoder (to their "code"; a VAE's means), decoder
// (codes to reconstructions) or score (samples to their anomaly
// "score"). Its inputs and outputs are rows of raw values, in the data's
// units: the checkpoint's scaling is part of the graph, as cmd/serve
// applies it. The batch dimension is dynamic. The spec goes into the
// model's metadata and every weight into its initializers, so that the
// file is also a checkpoint: every command that takes one takes it, and
// cmd/train -init fine-tunes it. docs/onnx.md says how each layer maps.
// The file is written to a temporary name and renamed into place.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets"
)

func main() { cli.Main(run) }

// run is the whole command; it returns the exit code.
func run(_ context.Context, args []string, stdout, stderr io.Writer) int {
	return cli.Code("export", export(args, stdout, stderr), stderr)
}

func export(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("export", "export -o MODEL.onnx [-graph reconstruct|encoder|decoder|score] CHECKPOINT")
	out := fs.String("o", "model.onnx", "the ONNX file to write")
	graph := fs.String("graph", string(nets.ONNXReconstruct), "what the model computes: reconstruct, encoder, decoder or score")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return cli.UsageError{Err: errors.New("want one checkpoint file")}
	}
	if !slices.Contains(nets.ONNXGraphs, nets.ONNXGraph(*graph)) {
		return cli.Usagef("graph", "%q: want reconstruct, encoder, decoder or score", *graph)
	}
	a, err := nets.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.WriteONNX(*out, nets.ONNXGraph(*graph)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s graph of %s)\n", *out, *graph, fs.Arg(0))
	return nil
}

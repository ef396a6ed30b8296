package nets_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// A convolutional autoencoder of one's own: declared once as a spec, it
// gets training, checkpoints, Encode, Load and a summary with no code of
// its own.
func Example() {
	spec := nets.Spec{
		Name: "mine",
		Encoder: []nets.Layer{
			nets.Conv(16, 3, graph.ReLU).WithStride(2), // 28x28 -> 14x14
			nets.Flatten(),
			nets.Dense(32, graph.ReLU), // a dense bottleneck
		},
		Decoder: []nets.Layer{
			nets.Dense(16*14*14, graph.ReLU),
			nets.Reshape(16, 14, 14),
			nets.ConvTranspose(0, 3, 2, graph.Sigmoid), // back to 1x28x28
		},
		Loss: "bce",
	}
	dir, _ := data.BundledMNISTDir()
	mnist, err := data.Open(dir, data.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if spec, err = spec.ForData(mnist.Train.Shape); err != nil { // (1, 28, 28)
		log.Fatal(err)
	}
	spec.Scale = &data.Scaler{Kind: data.ScaleUnit} // pixels x/255
	ae, err := nets.New(spec)
	if err != nil {
		log.Fatal(err)
	}
	x, _ := ae.Scale(mnist.Train.Head(512).X)
	out, _ := os.MkdirTemp("", "mine")
	defer os.RemoveAll(out)
	tr, err := train.New(ae, train.Config{Epochs: 1, BatchSize: 64, Callbacks: []train.Callback{train.NewModelCheckpoint(out)}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), train.Dataset{X: x, Dim: 784}, nil); err != nil {
		log.Fatal(err)
	}
	loaded, err := nets.Load(filepath.Join(out, "last.safetensors"))
	if err != nil {
		log.Fatal(err)
	}
	codes, err := loaded.EncodeRaw(mnist.Test.Head(3).X) // raw pixels: the checkpoint scales them
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(codes), "code values; code shape", loaded.CodeShape(), "; parameters", loaded.Params().Count())
	// Output: 96 code values; code shape [32] ; parameters 204177
}

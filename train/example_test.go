package train_test

import (
	"context"
	"fmt"
	"log"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/train"
	"gorgonia.org/gorgonia"
)

// Tied is a custom autoencoder built from graph layers alone: 784-64-784,
// relu then sigmoid, trained with binary cross-entropy on the logits.
type Tied struct{ params *graph.Params }

func (m *Tied) Params() *graph.Params { return m.params }
func (m *Tied) SampleShape() []int    { return []int{784} }

// Loss adds the model's layers and its loss to g. The layers find their
// weights in the shared store by name, so every graph trains the same model.
func (m *Tied) Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error) {
	enc, err := graph.NewDense(g, "encoder/dense0", 784, 64, graph.ReLU)
	if err != nil {
		return nil, err
	}
	dec, err := graph.NewDense(g, "decoder/dense0", 64, 784, graph.Sigmoid)
	if err != nil {
		return nil, err
	}
	code, err := enc.Fwd(x)
	if err != nil {
		return nil, err
	}
	logits, err := dec.Preactivation(code)
	if err != nil {
		return nil, err
	}
	return graph.BinaryCrossEntropyWithLogits(logits, y)
}

// A custom autoencoder trained on the first 2,000 bundled MNIST images.
func Example_customAutoencoder() {
	dir, err := data.BundledMNISTDir()
	if err != nil {
		log.Fatal(err)
	}
	mnist, err := data.LoadMNIST(dir)
	if err != nil {
		log.Fatal(err)
	}
	trainSet := train.Dataset{X: mnist.Train.Head(2000).Pixels, Dim: 784}
	valSet := train.Dataset{X: mnist.Test.Head(1000).Pixels, Dim: 784}

	model := &Tied{params: graph.NewParams(1)}
	tr, err := train.New(model, train.Config{
		Epochs:    3,
		BatchSize: 128,
		Optimizer: train.NewAdam(1e-3),
		Callbacks: []train.Callback{&train.EarlyStopping{Patience: 2}},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer tr.Close()
	hist, err := tr.Fit(context.Background(), trainSet, &valSet)
	if err != nil {
		log.Fatal(err)
	}
	v := hist.ValLoss()
	fmt.Printf("%d epochs, %d weights, val_loss fell: %v\n", len(v), model.Params().Count(), v[2] < v[0])
	// Output: 3 epochs, 101200 weights, val_loss fell: true
}

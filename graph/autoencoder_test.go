package graph

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gorgonia.org/gorgonia"
)

// kerasConvAutoencoder builds keras.io's convolutional denoising
// autoencoder (examples/vision/autoencoder) from this package's layers.
func kerasConvAutoencoder(g *Graph) ([]Layer, error) {
	var layers []Layer
	add := func(l Layer, err error) error {
		if err == nil {
			layers = append(layers, l)
		}
		return err
	}
	for _, err := range []error{
		add(NewConv2D(g, "encoder/conv0", 1, 32, 3, Same, ReLU)),
		add(NewMaxPool2D("encoder/pool0", 2, Same), nil),
		add(NewConv2D(g, "encoder/conv1", 32, 32, 3, Same, ReLU)),
		add(NewMaxPool2D("encoder/pool1", 2, Same), nil),
		add(NewConv2DTranspose(g, "decoder/convt0", 32, 32, 3, 2, Same, ReLU)),
		add(NewConv2DTranspose(g, "decoder/convt1", 32, 32, 3, 2, Same, ReLU)),
		add(NewConv2D(g, "decoder/conv", 32, 1, 3, Same, Sigmoid)),
	} {
		if err != nil {
			return nil, err
		}
	}
	return layers, nil
}

// TestKerasConvAutoencoder checks that keras.io's convolutional autoencoder
// has Keras's 28,353 parameters and maps (batch, 1, 28, 28) to itself, and
// that one training step runs with gradients for every weight.
func TestKerasConvAutoencoder(t *testing.T) {
	p := NewParams(1)
	g := New(p)
	g.SetTraining(rand.New(rand.NewPCG(1, 1)))
	layers, err := kerasConvAutoencoder(g)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count() != 28353 {
		t.Fatalf("%d parameters, want 28,353", p.Count())
	}
	x := g.Input("x", 3, 1, 28, 28)
	copy(x.Value().Data().([]float32), fill(rand.New(rand.NewPCG(2, 2)), 3*28*28))
	// the output shape, and the FLOPs of the layers that count them
	var flops int
	y := x
	for _, l := range layers {
		if y, err = l.Fwd(y); err != nil {
			t.Fatal(err)
		}
		if c, ok := l.(Costed); ok {
			flops += c.FLOPs(y.Shape()[1:])
		}
	}
	if !slices.Equal(y.Shape(), []int{3, 1, 28, 28}) {
		t.Fatalf("output shape %v", y.Shape())
	}
	// conv0 1→32 at 28², conv1 32→32 at 14², the transposed convolutions
	// from 7² and 14² inputs, conv 32→1 at 28²
	if want := 2 * (9*32*784 + 288*32*196 + 32*32*9*49 + 32*32*9*196 + 288*784); flops != want {
		t.Fatalf("FLOPs %d, want %d", flops, want)
	}
	loss, err := MeanSquaredError(y, x)
	if err != nil {
		t.Fatal(err)
	}
	grads, err := gorgonia.Grad(loss, g.Learnables()...)
	if err != nil {
		t.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	out, _, _ := float32s(y.Value())
	for _, v := range out {
		if !(v > 0 && v < 1) {
			t.Fatalf("sigmoid output %v", v)
		}
	}
	for i, gr := range grads {
		d, _, _ := float32s(gr.Value())
		if !slices.ContainsFunc(d, func(v float32) bool { return v != 0 }) {
			t.Errorf("gradient of %s is zero", g.Learnables()[i].Name())
		}
	}
}

package graph

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestMachineMatchesTapeMachine runs one training step of keras.io's conv
// autoencoder, convolutions, pooling, transposed convolutions, the loss and
// every gradient, on a Machine and on gorgonia's TapeMachine, and wants the
// same bits from both.
func TestMachineMatchesTapeMachine(t *testing.T) {
	run := func(useTape bool) [][]float32 {
		g := New(NewParams(1))
		layers, err := kerasConvAutoencoder(g)
		if err != nil {
			t.Fatal(err)
		}
		x := g.Input("x", 2, 1, 28, 28)
		copy(x.Value().Data().([]float32), fill(rand.New(rand.NewPCG(2, 2)), 2*28*28))
		y, err := Forward(x, layers...)
		if err != nil {
			t.Fatal(err)
		}
		loss, err := MeanSquaredError(y, x)
		if err != nil {
			t.Fatal(err)
		}
		grads, err := gorgonia.Grad(loss, g.Learnables()...)
		if err != nil {
			t.Fatal(err)
		}
		if useTape {
			tm := gorgonia.NewTapeMachine(g.ExprGraph)
			defer tm.Close()
			err = tm.RunAll()
		} else {
			var m *Machine
			if m, err = NewMachine(g.ExprGraph); err == nil {
				err = m.Run()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		var out [][]float32
		for _, n := range append(gorgonia.Nodes{loss, y}, grads...) {
			d, _, err := float32s(n.Value())
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, slices.Clone(d))
		}
		return out
	}
	want, got := run(true), run(false)
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("value %d (0 the loss, 1 the output, then the gradients) differs from the TapeMachine's", i)
		}
	}
}

// TestMachineUnboundInput: an input without a value is an error naming it.
func TestMachineUnboundInput(t *testing.T) {
	g := gorgonia.NewGraph()
	x := gorgonia.NewMatrix(g, gorgonia.Float32, gorgonia.WithShape(2, 2), gorgonia.WithName("x"))
	if _, err := gorgonia.Neg(x); err != nil {
		t.Fatal(err)
	}
	m, err := NewMachine(g)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Run(); err == nil || !strings.Contains(err.Error(), "input x has no value") {
		t.Fatalf("Run = %v, want an error naming input x", err)
	}
}

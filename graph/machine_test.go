package graph

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestMachineMatchesTapeMachine runs two training steps of keras.io's conv
// autoencoder, on two batches, convolutions, pooling, transposed
// convolutions, the loss scaled by a gorgonia op and every gradient, on a
// Machine and on gorgonia's TapeMachine, and wants the same bits from both.
func TestMachineMatchesTapeMachine(t *testing.T) {
	run := func(useTape bool) [][]float32 {
		g := New(NewParams(1))
		layers, err := kerasConvAutoencoder(g)
		if err != nil {
			t.Fatal(err)
		}
		x := g.Input("x", 2, 1, 28, 28)
		y, err := Forward(x, layers...)
		if err != nil {
			t.Fatal(err)
		}
		mse, err := MeanSquaredError(y, x)
		if err != nil {
			t.Fatal(err)
		}
		loss, err := gorgonia.Mul(mse, gorgonia.NewConstant(float32(0.5)))
		if err != nil {
			t.Fatal(err)
		}
		grads, err := gorgonia.Grad(loss, g.Learnables()...)
		if err != nil {
			t.Fatal(err)
		}
		var step func() error
		if useTape {
			tm := gorgonia.NewTapeMachine(g.ExprGraph)
			defer tm.Close()
			step = func() error { tm.Reset(); return tm.RunAll() }
		} else {
			m, err := NewMachine(g.ExprGraph)
			if err != nil {
				t.Fatal(err)
			}
			step = m.Run
		}
		var out [][]float32
		for batch := range uint64(2) {
			copy(x.Value().Data().([]float32), fill(rand.New(rand.NewPCG(2, batch)), 2*28*28))
			if err := step(); err != nil {
				t.Fatal(err)
			}
			for _, n := range append(gorgonia.Nodes{loss, y}, grads...) {
				d, _, err := float32s(n.Value())
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, slices.Clone(d))
			}
		}
		return out
	}
	want, got := run(true), run(false)
	for i := range want {
		for j := range want[i] {
			if math.Float32bits(got[i][j]) != math.Float32bits(want[i][j]) {
				t.Fatalf("value %d[%d] (the loss, the output, then the gradients, twice) is %v, the TapeMachine's %v", i, j, got[i][j], want[i][j])
			}
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

package graph

import (
	"testing"

	"gorgonia.org/gorgonia"
)

// benchLayer times one forward and backward pass of what build adds on an
// input of the given shape: the input is a parameter, so its gradient is
// computed too, and the loss is the mean squared error against a zero
// target unless build returns a scalar itself.
func benchLayer(b *testing.B, shape []int, build func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error)) {
	g := New(NewParams(1))
	x, err := g.Param("x", shape, GlorotUniform)
	if err != nil {
		b.Fatal(err)
	}
	y, err := build(g, x)
	if err != nil {
		b.Fatal(err)
	}
	loss := y
	if !y.IsScalar() {
		if loss, err = MeanSquaredError(y, g.Input("target", y.Shape()...)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := gorgonia.Grad(loss, g.Learnables()...); err != nil {
		b.Fatal(err)
	}
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	step := func() {
		m.Reset()
		if err := m.RunAll(); err != nil {
			b.Fatal(err)
		}
	}
	step()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		step()
	}
}

// BenchmarkLayers times every layer and loss of the seed models, forward
// and backward, at the seeds' batch sizes.
func BenchmarkLayers(b *testing.B) {
	b.Run("Dense784x32relu/256", func(b *testing.B) {
		benchLayer(b, []int{256, 784}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			d, err := NewDense(g, "d", 784, 32, ReLU)
			if err != nil {
				return nil, err
			}
			return d.Fwd(x)
		})
	})
	b.Run("Dense32x784sigmoid/256", func(b *testing.B) {
		benchLayer(b, []int{256, 32}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			d, err := NewDense(g, "d", 32, 784, Sigmoid)
			if err != nil {
				return nil, err
			}
			return d.Fwd(x)
		})
	})
	for _, c := range []struct {
		name          string
		in, out, size int
	}{{"Conv1to16x28", 1, 16, 28}, {"Conv16to1x28", 16, 1, 28}, {"Conv16to8x14", 16, 8, 14}, {"Conv8to8x7", 8, 8, 7}} {
		b.Run(c.name+"relu/64", func(b *testing.B) {
			benchLayer(b, []int{64, c.in, c.size, c.size}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
				l, err := NewConv2D(g, "c", c.in, c.out, 3, Same, ReLU)
				if err != nil {
					return nil, err
				}
				return l.Fwd(x)
			})
		})
	}
	b.Run("MaxPool2D16x28/64", func(b *testing.B) {
		benchLayer(b, []int{64, 16, 28, 28}, func(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return NewMaxPool2D("p", 2, Same).Fwd(x)
		})
	})
	b.Run("Upsample2D16x14/64", func(b *testing.B) {
		benchLayer(b, []int{64, 16, 14, 14}, func(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return NewUpsample2D("u", 2).Fwd(x)
		})
	})
	b.Run("BinaryCrossEntropyWithLogits/256", func(b *testing.B) {
		benchLayer(b, []int{256, 784}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return BinaryCrossEntropyWithLogits(x, g.Input("y", 256, 784))
		})
	})
	b.Run("MeanSquaredError/64", func(b *testing.B) {
		benchLayer(b, []int{64, 1, 28, 28}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return MeanSquaredError(x, g.Input("y", 64, 1, 28, 28))
		})
	})
	b.Run("L1Activity/256", func(b *testing.B) {
		benchLayer(b, []int{256, 32}, func(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return L1Activity(x, 1e-4)
		})
	})
}

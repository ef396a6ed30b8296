package graph

import (
	"fmt"
	"math/rand/v2"
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

// BenchmarkNewLayers times the layers of the model specs beyond the seed
// models, forward and backward, at MNIST sizes: strided and transposed
// convolutions (keras.io's convolutional autoencoder), dropout and batch
// normalisation in training graphs, flattening and the new activations.
func BenchmarkNewLayers(b *testing.B) {
	training := func(g *Graph) { g.SetTraining(rand.New(rand.NewPCG(1, 2))) }
	for _, c := range []struct {
		name                  string
		in, out, size, stride int
		transpose             bool
	}{
		{"Conv2DTranspose32to32x7s2", 32, 32, 7, 2, true},
		{"Conv2DTranspose32to32x14s2", 32, 32, 14, 2, true},
		{"Conv2DTranspose32to32x14s1", 32, 32, 14, 1, true},
		{"Conv2D1to32x28s2", 1, 32, 28, 2, false},
		{"Conv2D32to32x14s2", 32, 32, 14, 2, false},
		{"Conv2D32to64x14s2", 32, 64, 14, 2, false},
	} {
		b.Run(c.name+"relu/64", func(b *testing.B) {
			benchLayer(b, []int{64, c.in, c.size, c.size}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
				var (
					l   Layer
					err error
				)
				if c.transpose {
					l, err = NewConv2DTranspose(g, "c", c.in, c.out, 3, c.stride, Same, ReLU)
				} else {
					l, err = NewConv2DStride(g, "c", c.in, c.out, 3, c.stride, Same, ReLU)
				}
				if err != nil {
					return nil, err
				}
				return l.Fwd(x)
			})
		})
	}
	b.Run("Dropout0.5x784/256", func(b *testing.B) {
		benchLayer(b, []int{256, 784}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			training(g)
			d, err := NewDropout("d", 0.5)
			if err != nil {
				return nil, err
			}
			return d.Fwd(x)
		})
	})
	for _, shape := range [][]int{{256, 32}, {64, 32, 14, 14}} {
		b.Run(fmt.Sprintf("BatchNorm%v", shape[1:]), func(b *testing.B) {
			benchLayer(b, shape, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
				training(g)
				bn, err := NewBatchNorm(g, "bn", shape[1])
				if err != nil {
					return nil, err
				}
				return bn.Fwd(x)
			})
		})
	}
	b.Run("Flatten32x7x7/64", func(b *testing.B) {
		benchLayer(b, []int{64, 32, 7, 7}, func(_ *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
			return NewFlatten("f").Fwd(x)
		})
	})
	for _, act := range []Activation{Tanh, LeakyReLU, ELU, Softplus} {
		b.Run("Dense32x784"+act.String()+"/256", func(b *testing.B) {
			benchLayer(b, []int{256, 32}, func(g *Graph, x *gorgonia.Node) (*gorgonia.Node, error) {
				d, err := NewDense(g, "d", 32, 784, act)
				if err != nil {
					return nil, err
				}
				return d.Fwd(x)
			})
		})
	}
}

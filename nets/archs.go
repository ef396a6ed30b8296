package nets

import (
	"fmt"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// layersFunc adds a stack of layers to g.
type layersFunc func(g *graph.Graph) ([]graph.Layer, error)

// spec is what an architecture contributes: its input shape, its code shape
// and its encoder and decoder stacks.
type spec struct {
	input, code      []int
	encoder, decoder layersFunc
}

func specFor(c Config) (spec, error) {
	out := graph.Sigmoid
	if c.Loss == "mse" && c.Arch == "conv" {
		out = graph.Linear
	}
	pixels := c.Height * c.Width
	switch c.Arch {
	case "dense", "sparse":
		return denseSpec([]int{pixels, c.Code}, out), nil
	case "deep":
		return denseSpec([]int{pixels, 128, 64, 32}, out), nil
	case "conv":
		return convSpec(c.Height, c.Width, out), nil
	case "conv-keras":
		return convKerasSpec(out), nil
	}
	return spec{}, fmt.Errorf("nets: unknown arch %q", c.Arch)
}

// denseSpec mirrors sizes: encoder sizes[0]→…→sizes[n-1] with relu, decoder
// back to sizes[0] with relu and out on the last layer.
func denseSpec(sizes []int, out graph.Activation) spec {
	n := len(sizes)
	return spec{
		input: []int{sizes[0]},
		code:  []int{sizes[n-1]},
		encoder: func(g *graph.Graph) ([]graph.Layer, error) {
			var ls []graph.Layer
			for i := 0; i+1 < n; i++ {
				d, err := graph.NewDense(g, fmt.Sprintf("encoder/dense%d", i), sizes[i], sizes[i+1], graph.ReLU)
				if err != nil {
					return nil, err
				}
				ls = append(ls, d)
			}
			return ls, nil
		},
		decoder: func(g *graph.Graph) ([]graph.Layer, error) {
			var ls []graph.Layer
			for i := n - 1; i > 0; i-- {
				act := graph.ReLU
				if i == 1 {
					act = out
				}
				d, err := graph.NewDense(g, fmt.Sprintf("decoder/dense%d", n-1-i), sizes[i], sizes[i-1], act)
				if err != nil {
					return nil, err
				}
				ls = append(ls, d)
			}
			return ls, nil
		},
	}
}

// convSpec is seed 003: Conv16 3x3 relu, pool 2, Conv1 3x3 relu, pool 2 (a
// (h/4)x(w/4)x1 code); then Conv1 relu, upsample 2, Conv16 relu, upsample 2,
// Conv1 with the output activation.
func convSpec(h, w int, out graph.Activation) spec {
	return spec{
		input: []int{1, h, w},
		code:  []int{1, h / 4, w / 4},
		encoder: stack(
			conv("encoder/conv0", 1, 16, graph.ReLU), pool("encoder/pool0"),
			conv("encoder/conv1", 16, 1, graph.ReLU), pool("encoder/pool1"),
		),
		decoder: stack(
			conv("decoder/conv0", 1, 1, graph.ReLU), up("decoder/up0"),
			conv("decoder/conv1", 1, 16, graph.ReLU), up("decoder/up1"),
			conv("decoder/conv2", 16, 1, out),
		),
	}
}

// convKerasSpec is the convolutional autoencoder of the Keras blog post
// "Building Autoencoders in Keras": Conv16, Conv8 and Conv8, each 3x3 relu
// followed by a 2x2 max-pool, the last one 'same' (7 to 4), giving a
// 4x4x8 code; then Conv8 and upsample, Conv8 and upsample, a 'valid' Conv16
// (16 to 14) and upsample, and Conv1 with the output activation. It takes
// 28x28 images.
func convKerasSpec(out graph.Activation) spec {
	return spec{
		input: []int{1, 28, 28},
		code:  []int{8, 4, 4},
		encoder: stack(
			conv("encoder/conv0", 1, 16, graph.ReLU), pool("encoder/pool0"),
			conv("encoder/conv1", 16, 8, graph.ReLU), pool("encoder/pool1"),
			conv("encoder/conv2", 8, 8, graph.ReLU), pool("encoder/pool2"),
		),
		decoder: stack(
			conv("decoder/conv0", 8, 8, graph.ReLU), up("decoder/up0"),
			conv("decoder/conv1", 8, 8, graph.ReLU), up("decoder/up1"),
			convValid("decoder/conv2", 8, 16, graph.ReLU), up("decoder/up2"),
			conv("decoder/conv3", 16, 1, out),
		),
	}
}

type layerMaker func(g *graph.Graph) (graph.Layer, error)

func stack(makers ...layerMaker) layersFunc {
	return func(g *graph.Graph) ([]graph.Layer, error) {
		ls := make([]graph.Layer, 0, len(makers))
		for _, m := range makers {
			l, err := m(g)
			if err != nil {
				return nil, err
			}
			ls = append(ls, l)
		}
		return ls, nil
	}
}

func conv(name string, in, filters int, act graph.Activation) layerMaker {
	return func(g *graph.Graph) (graph.Layer, error) {
		return graph.NewConv2D(g, name, in, filters, 3, graph.Same, act)
	}
}

func convValid(name string, in, filters int, act graph.Activation) layerMaker {
	return func(g *graph.Graph) (graph.Layer, error) {
		return graph.NewConv2D(g, name, in, filters, 3, graph.Valid, act)
	}
}

func pool(name string) layerMaker {
	return func(*graph.Graph) (graph.Layer, error) { return graph.NewMaxPool2D(name, 2, graph.Same), nil }
}

func up(name string) layerMaker {
	return func(*graph.Graph) (graph.Layer, error) { return graph.NewUpsample2D(name, 2), nil }
}

func stringReader(s string) *strings.Reader { return strings.NewReader(s) }

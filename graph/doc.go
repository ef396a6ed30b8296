// Package graph builds autoencoder layers, losses and regularizers as nodes of
// a Gorgonia expression graph.
//
// A Graph wraps a *gorgonia.ExprGraph together with a Params store. Layers
// are values holding their parameter nodes; building a layer adds those
// nodes to the graph, and calling Fwd adds the forward computation. The
// layers are Dense, Conv2D (any stride), Conv2DTranspose, MaxPool2D,
// Upsample2D, Flatten, Reshape, Dropout and BatchNorm, each with an
// Activation where Keras has one: linear, relu, sigmoid, tanh, leaky_relu,
// elu, softplus, or one added by RegisterActivation. Parameters live in the
// Params store under stable hierarchical names ("encoder/dense0/w"), so
// several graphs (a training graph for batch size 256, an encoder for one
// image) built over the same store share the same weights. Some parameters
// are state rather than weights, such as batch normalisation's moving
// statistics: saved with the weights, but not trained.
//
// A graph is for inference, deterministic, unless SetTraining gives it a
// random source: then Dropout drops, BatchNorm uses and updates batch
// statistics, and RandomNormal and RandomUniform nodes draw fresh noise,
// all from that source as the graph runs, so that a seeded source repeats
// a run exactly.
//
// The convolution, pooling, upsampling, bias, normalisation and loss
// operations are custom Gorgonia ops with hand-written forward and backward
// kernels; Gorgonia differentiates the whole graph symbolically and a
// Machine runs its ops in the order of Gorgonia's TapeMachine, on the
// caller's goroutine.
//
//	p := graph.NewParams(1)
//	g := graph.New(p)
//	x := g.Input("x", 64, 784)
//	enc, err := graph.NewDense(g, "encoder/dense0", 784, 32, graph.ReLU)
//	if err != nil { ... }
//	code, err := enc.Fwd(x)
package graph

// Package graph builds autoencoder layers, losses and regularizers as nodes of
// a Gorgonia expression graph.
//
// A Graph wraps a *gorgonia.ExprGraph together with a Params store. Layers
// such as Dense, Conv2D, MaxPool2D and Upsample2D are values holding their
// parameter nodes; building a layer adds those nodes to the graph, and
// calling Fwd adds the forward computation. Parameters live in the Params
// store under stable hierarchical names ("encoder/dense0/w"), so several
// graphs (a training graph for batch size 256, an encoder for one image)
// built over the same store share the same weights.
//
// The convolution, pooling, upsampling, bias and loss operations are custom
// Gorgonia ops with hand-written forward and backward kernels; Gorgonia
// differentiates the whole graph symbolically and a TapeMachine runs it.
//
//	p := graph.NewParams(1)
//	g := graph.New(p)
//	x := gorgonia.NewMatrix(g.ExprGraph, gorgonia.Float32, gorgonia.WithShape(64, 784), gorgonia.WithName("x"))
//	enc, err := graph.NewDense(g, "encoder/dense0", 784, 32, graph.ReLU)
//	if err != nil { ... }
//	code, err := enc.Fwd(x)
package graph

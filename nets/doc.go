// Package nets holds the seed autoencoders of the Keras tutorials as
// Gorgonia graphs: dense (784-32-784), sparse (dense with an L1 activity
// penalty on the code), deep (784-128-64-32-64-128-784) and conv (a 7x7x1
// code between two convolution blocks).
//
// Every net is an *Autoencoder: its weights live in one graph.Params store,
// and the training graph, the Encoder (input to code) and the Decoder (code
// to output) are separate graphs over that store, so they always share the
// weights. Encode, Decode and Reconstruct work on any number of rows.
//
//	ae, err := nets.NewDense(nets.Config{Code: 32})
//	if err != nil { ... }
//	fmt.Print(ae.Summary())
//	codes, err := ae.Encode(images) // len(images)/784 rows
package nets

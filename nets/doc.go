// Package nets builds autoencoders from specs: a Spec lists the shape of a
// sample, an encoder and a decoder as layers (Dense, Conv, ConvTranspose,
// MaxPool, UpSample, Flatten, Reshape, Dropout, BatchNorm, Concrete), the
// output activation, the loss and the regularisers (L1, contractive, a
// variational code, input noise). A spec is plain data: JSON round-trips
// it, every checkpoint stores it, and Load rebuilds any model from a
// checkpoint. The Keras tutorials' models and the rest of the family are
// named specs (Named, Names): dense, sparse, deep, conv, conv-keras, vae,
// denoise, contractive, concrete and keras.io's conv-t.
//
// Every net is an *Autoencoder: its weights live in one graph.Params store,
// and the training graph, the Encoder (input to code) and the Decoder (code
// to output) are separate graphs over that store, so they always share the
// weights. Encode, Decode and Reconstruct work on any number of rows;
// EncodeRaw and ReconstructRaw apply the scaling the net was trained with.
//
//	spec, err := nets.Stack(64, 16).ForData([]int{30}) // 30-64-16-64-30
//	if err != nil { ... }
//	ae, err := nets.New(spec)
//	if err != nil { ... }
//	fmt.Print(ae.Summary())
//	codes, err := ae.Encode(rows) // len(rows)/30 samples
//
// ONNX (opset 17) is a second format of a model: ae.WriteONNX exports the
// whole net, its encoder, its decoder or its anomaly score with the
// scaling as ops, and LoadONNX (or Load, or ReadCheckpoint, of a name
// ending in .onnx) reads one back, ours bit for bit and torch.onnx.export's
// sequential autoencoders by their ops. docs/onnx.md has the mapping.
//
// Errors about a spec are *SpecError values naming the part, the layer and
// the field at fault.
package nets

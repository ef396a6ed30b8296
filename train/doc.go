// Package train fits any model that can state its loss as a Gorgonia graph.
//
// A Trainer shuffles the data with a seeded generator every epoch, cuts it
// into batches (the last, partial batch included), runs one compiled graph
// per batch size (built once, reused every step), updates the weights with
// an Optimizer (adam, rmsprop, sgd or adadelta, with Keras's defaults),
// validates, records a History, with the loss's named terms, and calls its
// Callbacks: a Keras-like progress bar, checkpoints (last and best) with
// the history beside them, early stopping and a CSV log. Training graphs
// draw their randomness (dropout, input noise, a VAE's samples) from a
// seeded source the trainer owns. Checkpoints are safetensors files that
// hold the weights and state, the optimizer with every hyperparameter, the
// random sources and the model's spec, so a run resumes bit for bit where
// it stopped; their format is package nets/checkpoint's, and the denoising
// noises are package nets/noise's. Data larger than memory is streamed
// (Dataset.Rows).
//
//	tr, err := train.New(model, train.Config{Epochs: 5, BatchSize: 256, Optimizer: train.NewAdam(1e-3)})
//	if err != nil { ... }
//	hist, err := tr.Fit(ctx, trainSet, valSet)
package train

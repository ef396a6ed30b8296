// Package train fits any model that can state its loss as a Gorgonia graph.
//
// A Trainer shuffles the data with a seeded generator every epoch, cuts it
// into batches (the last, partial batch included), runs one compiled graph
// per batch size (built once, reused every step), updates the weights with
// an Optimizer (adam, rmsprop, sgd or adadelta, with Keras's defaults),
// validates, records a History and calls its Callbacks: a Keras-like
// progress bar, checkpoints (last and best), early stopping and a CSV log.
// Checkpoints are safetensors files that hold the weights, the optimizer
// and RNG state and the model config, so a run resumes exactly where it
// stopped.
//
//	tr, err := train.New(model, train.Config{Epochs: 5, BatchSize: 256, Optimizer: train.NewAdam(1e-3)})
//	if err != nil { ... }
//	hist, err := tr.Fit(ctx, trainSet, valSet)
package train

// Package checkpoint reads and writes the checkpoint files of this
// module: safetensors files that hold a model's weights and state under
// their parameter names, the optimizer's slots under
// "optimizer/<slot>/<parameter name>", and metadata under the keys below:
// the format, the epoch, the model's spec, the optimizer with its
// hyperparameters, the random sources, the history and what the run
// trained on.
//
// The trainer (package train) writes and restores checkpoints; nets.Load
// rebuilds a model from one. This package depends on neither, so that a
// program that only serves a model does not link the trainer.
//
//	c, err := checkpoint.Read("runs/conv/best.safetensors")
//	if err != nil { ... }
//	fmt.Println(c.Epoch, c.Meta[checkpoint.MetaOptimizer])
package checkpoint

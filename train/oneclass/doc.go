// Package oneclass runs one-class anomaly benchmarks: for each class of a
// labelled data set it trains a model on that class's training samples
// alone, scores the whole test part, and measures how well the scores
// rank the other classes' samples (the anomalies) above the class's own,
// as ROC AUC and average precision (Ruff et al. 2018's protocol).
//
//	res, err := oneclass.Run(ctx, oneclass.Config{Data: split, Methods: []string{"recon", "svdd"}, Epochs: 10, Out: "out"})
//
// cmd/oneclass is its command.
package oneclass

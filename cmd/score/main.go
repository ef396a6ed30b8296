// Command score scores every sample of a data set by how badly a trained
// autoencoder reconstructs it, and calls the worst ones anomalies:
//
//	go run ./cmd/score -out runs/zero/scores -normal 0 runs/zero/best.safetensors
//
// The scored samples are the test part of -data if it has one (the
// 10,000 test digits of the bundled MNIST by default), else all of it.
// A sample's score is its reconstruction error under the model's own loss
// (nets.AnomalyScores: the mean binary cross-entropy per value, from
// probabilities clipped as Keras clips them, or the mean squared error), in
// the scaled units. The threshold comes from the scores of the training
// part (of its -normal samples, with -normal; of the scored samples for
// data without a test part): its 99th percentile by default (-threshold
// p99), its maximum (-threshold max, the rule of the Keras time-series
// example), or a number. A score above the threshold is an anomaly.
//
// With labels and -normal, the samples of other labels are the true
// anomalies, and the ROC AUC and average precision of the scores are
// reported.
//
// Into -out it writes scores.csv (index,label,score,anomaly),
// summary.json (the threshold, counts, AUC, AP and settings; cmd/serve
// -summary reads it), histogram.png (the scores of normal and anomalous
// samples and the threshold), roc.png (with -normal) and worst.png (the
// worst-reconstructed samples above their reconstructions, for images; for
// tabular data, the per-feature errors of the worst rows).
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err == nil {
		err = score(ctx, o, stdout, stderr)
	}
	return cli.Code("score", err, stderr)
}

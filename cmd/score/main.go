// Command score scores every sample of a data set by how badly a trained
// autoencoder reconstructs it, and calls the worst ones anomalies:
//
//	go run ./cmd/score -out runs/zero/scores -normal 0 runs/zero/best.safetensors
//
// The data is -data or, without it, the data the checkpoint records
// (read as the training run read it; flags given win), else the bundled
// MNIST. The scored samples are the held-out part of the data: its test
// part if it has one (the 10,000 test digits of the bundled MNIST by
// default), else the rows the training run did not train on, as the
// checkpoint records them; -all scores every sample, training ones
// included.
// A sample's score is its reconstruction error under the model's own loss
// (nets.AnomalyScores), in the scaled units: the mean squared error per
// value for an mse model; for a bce model the mean binary cross-entropy
// per value less its least value for the sample (from probabilities
// clipped as Keras clips them), and a value outside [0, 1] adds its
// squared distance to that range. Every score is ≥ 0, and 0 only for a
// perfect reconstruction. The threshold is -threshold: the 99th percentile
// (p99, the default) or the maximum (max, the rule of the Keras
// time-series example) of the scores of the rows the net trained on, as
// the checkpoint records them (of its -normal samples, with -normal), or a
// number ≥ 0. Where those rows are unknown (a checkpoint without a record,
// or other data), a rule is applied to the training part of data with a
// test part, else to the scored rows themselves, with a warning: such a
// threshold cannot single out the scored rows' own outliers, and a number
// (such as the threshold of the training run's summary.json) should be
// given. summary.json says where the threshold came from. A score above
// the threshold is an anomaly.
//
// With labels and -normal, the samples of other labels are the true
// anomalies, and the ROC AUC and average precision of the scores are
// reported.
//
// Into -out it writes scores.csv (index,label,score,anomaly,part: index is
// the sample's row, from 0, in the part of the data it is from, which part
// names: training or test),
// summary.json (the threshold, counts, AUC, AP and settings; cmd/serve
// -summary reads it), histogram.png (the scores of normal and anomalous
// samples and the threshold), roc.png (with -normal) and worst.png (the
// worst-reconstructed samples above their reconstructions, for images; for
// tabular data, the per-feature errors of the worst rows). They are
// written into a temporary folder and moved into -out together when all
// are written: a run that fails replaces none of an earlier run's files
// and leaves none of its own; one that succeeds removes the pictures of
// an earlier run that it does not draw again.
package main

import (
	"context"
	"io"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
)

func main() { cli.Main(run) }

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err == nil {
		err = score(ctx, o, stdout, stderr)
	}
	return cli.Code("score", err, stderr)
}

package main

import (
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets/metrics"
)

// options are the parsed command line.
type options struct {
	ckpt, out, threshold string
	pointRule            string // of points.csv, for a series cut into windows
	normal               []string
	worst                int
	noPictures, all      bool
	data                 cli.DataFlags
	// explain writes explain.csv (explain.go)
	explain bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := cli.NewFlagSet("score", "score -out DIR [-threshold p99|max|VALUE] [-normal A,B] [flags] CHECKPOINT")
	fs.StringVar(&o.out, "out", "", "output folder (required)")
	fs.StringVar(&o.threshold, "threshold", "p99", "anomaly threshold: pNN (a percentile of the scores of the rows the net trained on), max (their maximum) or a number >= 0 (such as the threshold of the training run's summary.json)")
	normal := fs.String("normal", "", "the labels of normal samples, such as 0 or cat,dog; the others are anomalies (gives ROC AUC and average precision)")
	fs.IntVar(&o.worst, "worst", 10, "the number of worst-reconstructed samples drawn in worst.png")
	fs.BoolVar(&o.noPictures, "no-pictures", false, "do not draw histogram.png, roc.png and worst.png")
	fs.BoolVar(&o.all, "all", false, "score every sample, training ones included (default: the held-out part: the test part, or the rows the net did not train on)")
	contamination := fs.Float64("contamination", 0, "the expected share of anomalies in the training rows, in (0, 0.5): the threshold is then the (1-F) quantile of their scores (PyOD's rule), in place of -threshold")
	fs.BoolVar(&o.explain, "explain", false, "write explain.csv: for each row above the threshold, each feature's share of its reconstruction error")
	fs.StringVar(&o.pointRule, "point-rule", metrics.PointRules()[0], "for a series cut into windows, when a point is an anomaly: "+strings.Join(metrics.PointRules(), ", ")+" (every window covering it over the threshold, keras.io's; the mean or the max of their scores over it)")
	o.data.RegisterForCheckpoint(fs)
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, cli.UsageError{Err: errors.New("want one checkpoint file")}
	}
	o.ckpt = fs.Arg(0)
	if o.out == "" {
		return nil, cli.Usagef("out", "the output folder is required")
	}
	if err := checkThreshold(o.threshold); err != nil {
		return nil, err
	}
	if err := o.setContamination(fs, *contamination); err != nil {
		return nil, err
	}
	if !slices.Contains(metrics.PointRules(), o.pointRule) {
		return nil, cli.Usagef("point-rule", "%q: want %s", o.pointRule, strings.Join(metrics.PointRules(), ", "))
	}
	if o.worst <= 0 || o.worst > 100 {
		return nil, cli.Usagef("worst", "must be in 1..100, got %d", o.worst)
	}
	if *normal != "" {
		for _, l := range strings.Split(*normal, ",") {
			if l = strings.TrimSpace(l); l == "" {
				return nil, cli.Usagef("normal", "%q holds an empty label", *normal)
			}
			o.normal = append(o.normal, strings.TrimSpace(l))
		}
	}
	return o, nil
}

// checkThreshold checks -threshold: a rule, or a finite number ≥ 0.
func checkThreshold(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err == nil && (math.IsNaN(v) || math.IsInf(v, 0)):
		return cli.Usagef("threshold", "%q is not a finite number", s)
	case err == nil && v < 0:
		return cli.Usagef("threshold", "%q is negative, and scores are ≥ 0: every sample would be an anomaly", s)
	case err == nil:
		return nil
	}
	if _, err := metrics.Threshold(s, []float64{0}); err != nil {
		return cli.Usagef("threshold", "%q: want pNN (a percentile, such as p99), max or a number ≥ 0", s)
	}
	return nil
}

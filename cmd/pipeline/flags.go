package main

import (
	"flag"
	"github.com/go-autoencoders/ae/pipeline/perkey"
	"math"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/go-autoencoders/ae/pipeline"
)

// options are the parsed flags of every command.
type options struct {
	checkpoint, input, output, format, threshold string
	keyColumn, layout, models                    string
	codeList                                     bool
	train                                        perkey.Options
	layers                                       string
	bench                                        benchOptions
	set                                          map[string]bool
	fs                                           *flag.FlagSet
}

// register adds the commands' flags to fs, beside Beam's.
func register(fs *flag.FlagSet) *options {
	o := &options{fs: fs}
	fs.StringVar(&o.checkpoint, "checkpoint", "", "encode, score: the checkpoint, on any Beam file system (local, gs://, s3://)")
	fs.StringVar(&o.input, "input", "", "the input shards: a file pattern of .csv, .csv.gz, .parquet or .npy files")
	fs.StringVar(&o.output, "output", "", "encode, score, score-per-key: the prefix of the output shards (PREFIX-00000-of-0000N.csv); train-per-key: the models' folder")
	fs.StringVar(&o.format, "format", pipeline.CSV, "the output shards' format: csv or parquet")
	fs.BoolVar(&o.codeList, "code-list", false, "encode --format=parquet: the codes as one list column, code, instead of code0, code1, ...")
	fs.StringVar(&o.threshold, "threshold", "", "score: the anomaly threshold, a number >= 0 (such as the threshold of cmd/score's summary.json); train-per-key: the rule of each key's threshold, pNN or max, on the scores of its training rows (default p99)")
	fs.StringVar(&o.keyColumn, "key-column", "", "train-per-key, score-per-key: the column whose value keys a row (not a feature); encode, score: a label column to leave out of the features")
	fs.StringVar(&o.layout, "layout", "", "the order of 4-D .npy shards: nhwc (the default) or nchw")
	fs.StringVar(&o.models, "models", "", "score-per-key: the folder train-per-key wrote")
	fs.StringVar(&o.layers, "layers", "", "train-per-key: a dense stack of these sizes, mirrored in the decoder (cmd/train -layers), e.g. 16,4")
	fs.StringVar(&o.train.Arch, "arch", "", "train-per-key: a named spec (cmd/train -arch), instead of -layers")
	fs.IntVar(&o.train.Code, "code", 0, "train-per-key: code size (default: the spec's)")
	fs.StringVar(&o.train.Loss, "loss", "", "train-per-key: the loss, mse or bce (default: the spec's, mse where the data leaves [0, 1])")
	fs.IntVar(&o.train.Epochs, "epochs", 0, "train-per-key: epochs (default: the spec's)")
	fs.IntVar(&o.train.Batch, "batch", 0, "train-per-key: batch size (default: the spec's)")
	fs.Uint64Var(&o.train.Seed, "seed", 1, "train-per-key: the run's seed; key K trains with seed FNV-1a-64(K) XOR seed, as cmd/train -seed would")
	fs.IntVar(&o.train.MinRows, "min-rows", 20, "train-per-key: keys with fewer rows are reported in the summary, not trained")
	o.bench.register(fs)
	return o
}

// check checks the flags command name needs, after parsing.
func (o *options) check(name string) error {
	o.set = map[string]bool{}
	o.fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	flags := map[string]string{"checkpoint": o.checkpoint, "input": o.input, "output": o.output, "models": o.models, "key-column": o.keyColumn, "threshold": o.threshold}
	if o.format != pipeline.CSV && o.format != pipeline.Parquet {
		return cli.Usagef("format", "%q: want csv or parquet", o.format)
	}
	switch name {
	case "encode":
		return required(flags, "checkpoint", "input", "output")
	case "score":
		if err := required(flags, "checkpoint", "input", "output", "threshold"); err != nil {
			return err
		}
		_, err := o.scoreThreshold()
		return err
	case "score-per-key":
		return required(flags, "models", "input", "output", "key-column")
	case "train-per-key":
		return o.checkTrain(flags)
	}
	return nil
}

// scoreThreshold returns --threshold as score takes it: a number >= 0.
func (o *options) scoreThreshold() (float64, error) {
	v, err := strconv.ParseFloat(o.threshold, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, cli.Usagef("threshold", "%q: want a number >= 0, such as the threshold of cmd/score's summary.json", o.threshold)
	}
	return v, nil
}

// checkTrain checks the flags of train-per-key.
func (o *options) checkTrain(flags map[string]string) error {
	if err := required(flags, "input", "output", "key-column"); err != nil {
		return err
	}
	switch {
	case o.layers == "" && o.train.Arch == "":
		return cli.Usagef("layers", "give -layers (such as 16,4) or -arch")
	case o.layers != "" && o.train.Arch != "":
		return cli.Usagef("layers", "give either -layers or -arch, not both")
	case o.set["epochs"] && o.train.Epochs <= 0:
		return cli.Usagef("epochs", "must be positive, got %d", o.train.Epochs)
	case o.set["batch"] && o.train.Batch <= 0:
		return cli.Usagef("batch", "must be positive, got %d", o.train.Batch)
	case o.train.MinRows <= 0:
		return cli.Usagef("min-rows", "must be positive, got %d", o.train.MinRows)
	}
	for _, f := range strings.Split(o.layers, ",") {
		if o.layers == "" {
			break
		}
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return cli.Usagef("layers", "%q: want positive sizes such as 16,4", o.layers)
		}
		o.train.Layers = append(o.train.Layers, n)
	}
	o.train.Threshold = o.threshold
	if o.threshold == "" {
		return nil
	}
	if _, err := metrics.Threshold(o.threshold, []float64{0}); err != nil || !isRule(o.threshold) {
		return cli.Usagef("threshold", "%q: want pNN (a percentile, such as p99) or max", o.threshold)
	}
	return nil
}

// isRule reports whether s is a threshold rule, not a number.
func isRule(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err != nil
}

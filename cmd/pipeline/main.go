// Command pipeline encodes and scores rows, and trains and scores one
// model per key, as Apache Beam pipelines: on Beam's Prism runner, in
// this process, by default, and unchanged on Flink, Spark or Dataflow:
//
//	go run ./cmd/pipeline score --checkpoint=CKPT --threshold=0.02 --input='DIR/*.csv' --output=OUT/scores
//	go run ./cmd/pipeline encode --checkpoint=CKPT --input='DIR/*.parquet' --output=OUT/codes --format=parquet
//	go run ./cmd/pipeline train-per-key --key-column=device --layers=16,4 --input='DIR/*.csv' --output=OUT/models
//	go run ./cmd/pipeline score-per-key --key-column=device --models=OUT/models --input='DIR/*.csv' --output=OUT/scores
//	go run ./cmd/pipeline bench --rows=1000000 --cols=30
//
// Inputs are file patterns of CSV, .npy and Parquet shards on any Beam
// file system (local, gs://, s3://). score writes sharded CSV
// OUT/scores-00000-of-0000N.csv with the header file,row,score,anomaly
// (score-per-key: file,row,key,score,anomaly), encode
// file,row,code0,...; --format=parquet writes Parquet shards with the
// same columns (--code-list: the codes as one list column). The shards
// are written under a temporary name and renamed into place when every
// bundle has succeeded; then OUT/scores_SUCCESS lists them. A run that
// fails leaves no marker and removes its temporary shards.
// train-per-key writes OUT/models/KEY.safetensors per trained key,
// OUT/models/summary.csv (key,rows,epochs,val_loss,threshold,status,
// checkpoint) and OUT/models/_SUCCESS.
//
// Beam's own flags choose the runner: --runner (prism, the default;
// flink, spark, dataflow, universal), --endpoint (a job server),
// --environment_type, --project, --region, --staging_location and the
// others of beam's jobopts and gcpopts. See docs/pipeline.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3" // s3:// paths (gs:// comes with beamx)
	"github.com/go-autoencoders/ae/cmd/internal/cli"
)

// commands are the pipelines, by name.
var commands = map[string]func(ctx context.Context, o *options, stdout, stderr io.Writer) error{
	"encode":        runEncode,
	"score":         runScore,
	"train-per-key": runTrainPerKey,
	"score-per-key": runScorePerKey,
	"bench":         runBench,
}

const usageLine = "pipeline encode|score|train-per-key|score-per-key|bench [--flags]"

func main() {
	cli.Main(func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		return run(ctx, flag.CommandLine, args, stdout, stderr)
	})
}

// run parses args with fs, which holds Beam's flags (flag.CommandLine),
// starts Beam (a worker started by a runner runs its harness there and
// exits) and runs the command; it returns the exit code.
func run(ctx context.Context, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int {
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	fs.Init("pipeline", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage:", usageLine)
		fs.PrintDefaults()
	}
	o := register(fs)
	if err := cli.Parse(fs, args, stderr); err != nil {
		return cli.Code("pipeline", err, stderr)
	}
	beam.Init()
	cmd, ok := commands[name]
	if !ok {
		return cli.Code("pipeline", cli.UsageError{Err: fmt.Errorf("%q is not a command; want %s", name, usageLine)}, stderr)
	}
	if fs.NArg() > 0 {
		return cli.Code("pipeline "+name, cli.UsageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}, stderr)
	}
	err := o.check(name)
	if err == nil {
		err = cmd(ctx, o, stdout, stderr)
	}
	return cli.Code("pipeline "+name, err, stderr)
}

// errMissing is a required flag left out.
var errMissing = errors.New("missing")

// required returns a usage error for each empty flag of names.
func required(flags map[string]string, names ...string) error {
	for _, n := range names {
		if flags[n] == "" {
			return cli.Usagef(n, "%v", errMissing)
		}
	}
	return nil
}

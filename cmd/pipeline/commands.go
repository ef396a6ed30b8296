package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/go-autoencoders/ae/pipeline"
)

// sink returns the sink of --output, --format and --code-list.
func (o *options) sink() pipeline.Sink {
	return pipeline.Sink{Prefix: o.output, Format: o.format, CodeList: o.codeList, Temp: pipeline.NewTemp(o.output)}
}

// readOptions returns how to read --input.
func (o *options) readOptions() pipeline.ReadOptions {
	return pipeline.ReadOptions{KeyColumn: o.keyColumn, Layout: o.layout}
}

func runScore(ctx context.Context, o *options, stdout, _ io.Writer) error {
	thr, _ := o.scoreThreshold()
	if err := checkInputs(ctx, o.input, o.checkpoint); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	k := o.sink()
	rows := pipeline.ReadRows(s, o.input, o.readOptions())
	pipeline.WriteScores(s, pipeline.Score(s, rows, pipeline.ScoreOptions{Checkpoint: o.checkpoint, Threshold: thr}), k, false)
	return execute(ctx, p, stdout, k.Marker(), k.Temp)
}

func runEncode(ctx context.Context, o *options, stdout, _ io.Writer) error {
	if err := checkInputs(ctx, o.input, o.checkpoint); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	k := o.sink()
	rows := pipeline.ReadRows(s, o.input, o.readOptions())
	pipeline.WriteCodes(s, pipeline.Encode(s, rows, o.checkpoint), k)
	return execute(ctx, p, stdout, k.Marker(), k.Temp)
}

func runTrainPerKey(ctx context.Context, o *options, stdout, _ io.Writer) error {
	if err := checkInputs(ctx, o.input, ""); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	m := pipeline.Models{Out: strings.TrimSuffix(o.output, "/"), Temp: pipeline.NewTemp(strings.TrimSuffix(o.output, "/"))}
	rows := pipeline.ReadRows(s, o.input, o.readOptions())
	pipeline.TrainPerKey(s, rows, o.train, m)
	if err := execute(ctx, p, stdout, m.Marker(), m.Temp); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "summary: %s\n", m.Summary())
	return nil
}

func runScorePerKey(ctx context.Context, o *options, stdout, _ io.Writer) error {
	if err := checkInputs(ctx, o.input, ""); err != nil {
		return err
	}
	m := pipeline.Models{Out: strings.TrimSuffix(o.models, "/")}
	if err := pipeline.CheckModels(ctx, m); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	k := o.sink()
	rows := pipeline.ReadRows(s, o.input, o.readOptions())
	pipeline.WriteScores(s, pipeline.ScorePerKey(s, rows, m), k, true)
	return execute(ctx, p, stdout, k.Marker(), k.Temp)
}

// checkInputs checks, before the pipeline starts, that the pattern
// matches files and that the checkpoint, if any, loads, so that these
// common mistakes read as one line.
func checkInputs(ctx context.Context, pattern, checkpoint string) error {
	fs, err := filesystem.New(ctx, pattern)
	if err != nil {
		return fmt.Errorf("--input %s: %w", pattern, err)
	}
	defer fs.Close()
	files, err := fs.List(ctx, pattern)
	if err != nil {
		return fmt.Errorf("--input %s: %w", pattern, err)
	}
	if len(files) == 0 {
		return fmt.Errorf("--input %s: no file matches", pattern)
	}
	if checkpoint == "" {
		return nil
	}
	a, err := pipeline.LoadNet(ctx, checkpoint)
	if err != nil {
		return err
	}
	return a.Close()
}

// execute runs the pipeline on the --runner; after a failure it removes
// the run's temporary shards and returns the cause, the error of the
// DoFn at fault, as one line.
func execute(ctx context.Context, p *beam.Pipeline, stdout io.Writer, marker, temp string) error {
	if err := beamx.Run(ctx, p); err != nil {
		pipeline.RemoveTemp(context.Background(), temp)
		return fmt.Errorf("%s", rootCause(err))
	}
	fmt.Fprintf(stdout, "done: %s\n", marker)
	return nil
}

// rootCause returns the message of the DoFn that failed a Beam job,
// which Beam wraps in the job's plan, or the whole error.
func rootCause(err error) string {
	msg := err.Error()
	const failed = "] failed:\n"
	if i := strings.LastIndex(msg, failed); i >= 0 {
		msg = msg[i+len(failed):]
	}
	msg = strings.TrimSpace(msg)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

package pipeline

import (
	"context"
	"fmt"
	"math"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// Scored is the anomaly score of one row.
type Scored struct {
	File    string
	Row     int64
	Key     string
	Score   float64
	Anomaly bool // Score > the threshold
}

// Encoded is the code of one row.
type Encoded struct {
	File string
	Row  int64
	Code []float32
}

// ScoreOptions configure Score.
type ScoreOptions struct {
	// Checkpoint is the model's path on any Beam file system.
	Checkpoint string
	// Threshold is the anomaly threshold, a number ≥ 0 such as the
	// threshold of cmd/score's summary.json: a row scoring above it is
	// an anomaly.
	Threshold float64
}

// Score scores every Row of rows by the checkpoint's net, as cmd/score
// does: the checkpoint's scaling, then nets.Autoencoder.AnomalyScores,
// on batches of nets.InferenceRows rows. It returns Scored values.
func Score(s beam.Scope, rows beam.PCollection, opt ScoreOptions) beam.PCollection {
	return beam.ParDo(s.Scope("Score"), &scoreFn{Opt: opt}, rows)
}

// Encode encodes every Row of rows by the checkpoint's net, as
// cmd/encode does, and returns Encoded values.
func Encode(s beam.Scope, rows beam.PCollection, checkpoint string) beam.PCollection {
	return beam.ParDo(s.Scope("Encode"), &encodeFn{Checkpoint: checkpoint}, rows)
}

// batch gathers the rows of a bundle for a net whose samples hold size
// values.
type batch struct {
	rows []Row
	x    []float32 // their raw values, row after row
	size int
}

// add adds r, and reports whether the batch is full.
func (b *batch) add(r Row) (bool, error) {
	if err := checkWidth(r, b.size); err != nil {
		return false, err
	}
	b.rows = append(b.rows, r)
	b.x = append(b.x, r.X...)
	return len(b.rows) == nets.InferenceRows, nil
}

// reset empties the batch.
func (b *batch) reset() { b.rows, b.x = b.rows[:0], b.x[:0] }

// scaled returns the batch's values in the net's units, as cmd/score's
// cli.EachScaledBatch scales them; the error names the first shard.
func (b *batch) scaled(a *nets.Autoencoder) ([]float32, error) {
	x, err := a.Scale(b.x)
	if err != nil {
		return nil, fmt.Errorf("--input: %s: %w", b.rows[0].File, err)
	}
	return x, nil
}

// scoreFn scores rows with a net loaded once per worker.
type scoreFn struct {
	Opt ScoreOptions
	net *nets.Autoencoder
	b   batch
}

func (f *scoreFn) Setup(ctx context.Context) error {
	if math.IsNaN(f.Opt.Threshold) || math.IsInf(f.Opt.Threshold, 0) || f.Opt.Threshold < 0 {
		return fmt.Errorf("--threshold: %v is not a finite number >= 0", f.Opt.Threshold)
	}
	a, err := LoadNet(ctx, f.Opt.Checkpoint)
	if err != nil {
		return err
	}
	f.net, f.b.size = a, graph.Size(a.SampleShape())
	return nil
}

func (f *scoreFn) StartBundle(_ context.Context, _ func(Scored)) { f.b.reset() }

func (f *scoreFn) ProcessElement(ctx context.Context, r Row, emit func(Scored)) error {
	full, err := f.b.add(r)
	if err != nil || !full {
		return err
	}
	return f.flush(emit)
}

func (f *scoreFn) FinishBundle(_ context.Context, emit func(Scored)) error { return f.flush(emit) }

// flush scores the batch and emits the scores.
func (f *scoreFn) flush(emit func(Scored)) error {
	return scoreBatch(f.net, &f.b, f.Opt.Threshold, emit)
}

// scoreBatch scores the rows of b by net, scaled by the checkpoint's
// scaling as cmd/score scales them, emits their scores and empties b.
func scoreBatch(net *nets.Autoencoder, b *batch, threshold float64, emit func(Scored)) error {
	if len(b.rows) == 0 {
		return nil
	}
	defer b.reset()
	x, err := b.scaled(net)
	if err != nil {
		return err
	}
	scores, err := net.AnomalyScores(x)
	if err != nil {
		return fmt.Errorf("--input: %s: %w", b.rows[0].File, err)
	}
	for i, v := range scores {
		r := b.rows[i]
		emit(Scored{File: r.File, Row: r.Row, Key: r.Key, Score: v, Anomaly: v > threshold})
	}
	return nil
}

func (f *scoreFn) Teardown() {
	if f.net != nil {
		f.net.Close()
	}
}

// encodeFn encodes rows with a net loaded once per worker.
type encodeFn struct {
	Checkpoint string
	net        *nets.Autoencoder
	b          batch
	k          int
}

func (f *encodeFn) Setup(ctx context.Context) error {
	a, err := LoadNet(ctx, f.Checkpoint)
	if err != nil {
		return err
	}
	f.net, f.b.size, f.k = a, graph.Size(a.SampleShape()), graph.Size(a.CodeShape())
	return nil
}

func (f *encodeFn) StartBundle(_ context.Context, _ func(Encoded)) { f.b.reset() }

func (f *encodeFn) ProcessElement(ctx context.Context, r Row, emit func(Encoded)) error {
	full, err := f.b.add(r)
	if err != nil || !full {
		return err
	}
	return f.flush(emit)
}

func (f *encodeFn) FinishBundle(_ context.Context, emit func(Encoded)) error { return f.flush(emit) }

// flush encodes the batch and emits the codes.
func (f *encodeFn) flush(emit func(Encoded)) error {
	if len(f.b.rows) == 0 {
		return nil
	}
	defer f.b.reset()
	x, err := f.b.scaled(f.net)
	if err != nil {
		return err
	}
	codes, err := f.net.Encode(x)
	if err != nil {
		return fmt.Errorf("--input: %s: %w", f.b.rows[0].File, err)
	}
	for i, r := range f.b.rows {
		emit(Encoded{File: r.File, Row: r.Row, Code: codes[i*f.k : (i+1)*f.k]})
	}
	return nil
}

func (f *encodeFn) Teardown() {
	if f.net != nil {
		f.net.Close()
	}
}

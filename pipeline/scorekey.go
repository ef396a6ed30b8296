package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// ScorePerKey scores every Row by the model of its key, as TrainPerKey
// wrote it into m, against that key's threshold: each row is joined
// with its key's model, loaded once per worker when its first row
// comes, and scored as Score scores. A row of a key without a trained
// model is an error naming the key. It returns Scored values.
func ScorePerKey(s beam.Scope, rows beam.PCollection, m Models) beam.PCollection {
	return beam.ParDo(s.Scope("ScorePerKey"), &scoreKeyFn{Models: m}, rows)
}

// keyModel is the model of a key, as the summary lists it.
type keyModel struct {
	status, checkpoint string
	threshold          float64
	net                *nets.Autoencoder
	b                  batch
}

// scoreKeyFn scores rows with their key's model.
type scoreKeyFn struct {
	Models Models
	keys   map[string]*keyModel
}

// readSummary reads the summary TrainPerKey wrote into m, which must be
// complete (its marker written); it returns the keys' models, not yet
// loaded.
func readSummary(ctx context.Context, m Models) (map[string]*keyModel, error) {
	if _, err := readAll(ctx, m.Marker()); err != nil {
		return nil, fmt.Errorf("--models: %s is not the complete output of train-per-key (no marker): %w", m.Out, err)
	}
	b, err := readAll(ctx, m.Summary())
	if err != nil {
		return nil, fmt.Errorf("--models: %w", err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) == 0 || !slices.Equal(recs[0], []string{"key", "rows", "epochs", "val_loss", "threshold", "status", "checkpoint"}) {
		return nil, fmt.Errorf("--models: %s: not a summary of train-per-key (%v)", m.Summary(), err)
	}
	keys := map[string]*keyModel{}
	for i, r := range recs[1:] {
		k := &keyModel{status: r[5], checkpoint: r[6]}
		if k.checkpoint != "" {
			if k.threshold, err = strconv.ParseFloat(r[4], 64); err != nil {
				return nil, fmt.Errorf("--models: %s line %d: threshold %q: %w", m.Summary(), i+2, r[4], err)
			}
		}
		keys[r[0]] = k
	}
	return keys, nil
}

func (f *scoreKeyFn) Setup(ctx context.Context) error {
	keys, err := readSummary(ctx, f.Models)
	f.keys = keys
	return err
}

func (f *scoreKeyFn) StartBundle(_ context.Context, _ func(Scored)) {}

func (f *scoreKeyFn) ProcessElement(ctx context.Context, r Row, emit func(Scored)) error {
	k, ok := f.keys[r.Key]
	switch {
	case !ok:
		return fmt.Errorf("--input: %s row %d: key %q has no model in %s", r.File, r.Row, r.Key, f.Models.Out)
	case k.checkpoint == "":
		return fmt.Errorf("--input: %s row %d: key %q has no model in %s (%s)", r.File, r.Row, r.Key, f.Models.Out, k.status)
	case k.net == nil:
		a, err := LoadNet(ctx, k.checkpoint)
		if err != nil {
			return fmt.Errorf("key %q: %w", r.Key, err)
		}
		k.net, k.b.size = a, graph.Size(a.SampleShape())
	}
	full, err := k.b.add(r)
	if err != nil || !full {
		return err
	}
	return flushKey(k, emit)
}

func (f *scoreKeyFn) FinishBundle(_ context.Context, emit func(Scored)) error {
	for _, key := range slices.Sorted(maps.Keys(f.keys)) {
		if err := flushKey(f.keys[key], emit); err != nil {
			return err
		}
	}
	return nil
}

// flushKey scores the batch of one key, as scoreFn does.
func flushKey(k *keyModel, emit func(Scored)) error {
	return scoreBatch(k.net, &k.b, k.threshold, emit)
}

func (f *scoreKeyFn) Teardown() {
	for _, k := range f.keys {
		if k.net != nil {
			k.net.Close()
		}
	}
}

// CheckModels checks that m is the complete output of TrainPerKey: its
// marker and summary are there and the summary reads.
func CheckModels(ctx context.Context, m Models) error {
	_, err := readSummary(ctx, m)
	return err
}

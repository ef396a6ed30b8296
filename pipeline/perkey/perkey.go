package perkey

import (
	"context"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// Options configure the model of every key: the flags of cmd/train
// that pipeline.TrainPerKey takes, with the same meaning and defaults.
type Options struct {
	// Layers is a dense stack, mirrored in the decoder (cmd/train
	// -layers); without it, Arch names a spec of nets.Named (-arch).
	Layers []int
	Arch   string
	// Code, if not 0, is the code size (-code); Loss, if not "", the
	// loss (-loss).
	Code int
	Loss string
	// Epochs and Batch are 0 for the spec's (-epochs, -batch).
	Epochs, Batch int
	// Seed is the run's seed; each key trains with Seed(key, Seed).
	Seed uint64
	// MinRows is the fewest rows a key needs to be trained; keys with
	// fewer are reported, not trained. 0 means 20.
	MinRows int
	// Threshold is the rule of each key's anomaly threshold, applied to
	// the scores of the rows its model trained on: pNN or max (cmd/score
	// -threshold); "" means p99, cmd/score's default.
	Threshold string
}

// MinRowsOrDefault returns the fewest rows a key needs: MinRows, or 20.
func (o Options) MinRowsOrDefault() int {
	if o.MinRows > 0 {
		return o.MinRows
	}
	return 20
}

// rule returns the threshold rule.
func (o Options) rule() string {
	if o.Threshold == "" {
		return "p99"
	}
	return o.Threshold
}

// KeySeed is the seed of key's model: the 64-bit FNV-1a hash of the key
// XOR seed. cmd/train -seed Seed(key, seed) on the key's rows trains
// the same weights.
func Seed(key string, seed uint64) uint64 {
	h := fnv.New64a()
	io.WriteString(h, key)
	return h.Sum64() ^ seed
}

// plainKey matches the keys that name their files as they are.
var plainKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// File is the base name of key's files: the key itself when it is
// made of letters, digits, '.', '_' and '-' (and does not start with
// "x-"), else "x-" and its bytes in hex.
func File(key string) string {
	if plainKey.MatchString(key) && !strings.HasPrefix(key, "x-") {
		return key
	}
	return "x-" + hex.EncodeToString([]byte(key))
}

// Spec returns the spec of the models, for samples of width values,
// seeded with seed, as cmd/train builds it from the same flags.
func (o Options) Spec(width int, seed uint64) (nets.Spec, error) {
	var s nets.Spec
	var err error
	if len(o.Layers) > 0 {
		s = nets.Stack(o.Layers...)
	} else if s, err = nets.Named(o.Arch); err != nil {
		return s, fmt.Errorf("--arch: %w", err)
	}
	if o.Code != 0 {
		if s, err = s.WithCode(o.Code); err != nil {
			return s, fmt.Errorf("--code: %w", err)
		}
	}
	if o.Loss != "" {
		s.Loss = graph.Loss(o.Loss)
	}
	s.Seed = seed
	if s, err = s.ForData([]int{width}); err != nil {
		return s, err
	}
	return s, s.Check()
}

// Result is what training one key's model gave.
type Result struct {
	Epochs    int
	ValLoss   float64 // of the last epoch
	Threshold float64 // the rule's, on the scores of the rows trained on
	// Best is the checkpoint of the lowest validation loss, the key's
	// model: dir/best.safetensors.
	Best string
}

// Train trains the model of one key on its rows, set, as cmd/train
// -seed Seed(key, o.Seed) trains on a file of those rows: train.Fit,
// validating on a shuffled tenth, writing last.safetensors,
// best.safetensors and history.csv into dir. The threshold is o's rule
// applied to the scores the best model gives the rows it trained on,
// scored as cmd/score scores them.
func Train(ctx context.Context, key string, set *data.Set, o Options, dir string, log logrus.FieldLogger) (Result, error) {
	seed := Seed(key, o.Seed)
	spec, err := o.Spec(set.Size(), seed)
	if err != nil {
		return Result{}, fmt.Errorf("key %q: %w", key, err)
	}
	t, err := train.Fit(ctx, spec, &data.Split{Train: set}, train.FitOptions{
		Epochs: o.Epochs, BatchSize: o.Batch, Seed: seed, Out: dir, Log: log, AutoLoss: o.Loss == ""})
	if err != nil {
		return Result{}, fmt.Errorf("key %q: %w", key, err)
	}
	defer t.Close()
	res := Result{Epochs: len(t.Trainer.History().Epochs), ValLoss: math.NaN(), Best: filepath.Join(dir, "best.safetensors")}
	if v := t.Trainer.History().ValLoss(); len(v) > 0 {
		res.ValLoss = v[len(v)-1]
	}
	best, err := nets.Load(res.Best)
	if err != nil {
		return res, fmt.Errorf("key %q: %w", key, err)
	}
	defer best.Close()
	raw := make([]float32, t.TrainSet.Len()*t.TrainSet.Size())
	if err := t.TrainSet.ReadRows(0, t.TrainSet.Len(), raw); err != nil {
		return res, fmt.Errorf("key %q: %w", key, err)
	}
	x, err := best.Scale(raw)
	if err != nil {
		return res, fmt.Errorf("key %q: %w", key, err)
	}
	scores, err := best.AnomalyScores(x)
	if err != nil {
		return res, fmt.Errorf("key %q: %w", key, err)
	}
	if res.Threshold, err = metrics.Threshold(o.rule(), scores); err != nil {
		return res, fmt.Errorf("key %q: --threshold: %w", key, err)
	}
	return res, nil
}

package pipeline

import (
	"context"
	"fmt"
	"github.com/go-autoencoders/ae/pipeline/perkey"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/go-autoencoders/ae/data"
	"github.com/sirupsen/logrus"
)

// KeySummary is the summary row of one key of TrainPerKey.
type KeySummary struct {
	Key       string
	Rows      int
	Epochs    int
	ValLoss   float64
	Threshold float64
	// Status is "trained", or why the key was not trained.
	Status string
	// Temp is where the key's checkpoint waits to be moved into place.
	Temp string
}

// Models says where TrainPerKey writes: Out/KEY.safetensors (see perkey.File)
// per trained key, Out/summary.csv and, last, Out/_SUCCESS.
type Models struct {
	Out  string
	Temp string // a location of this run only (NewTemp)
}

// Summary returns the path of the summary.
func (m Models) Summary() string { return m.Out + "/summary.csv" }

// Marker returns the path of the marker of a complete output.
func (m Models) Marker() string { return m.Out + "/_SUCCESS" }

// Checkpoint returns the path of key's checkpoint.
func (m Models) Checkpoint(key string) string { return m.Out + "/" + perkey.File(key) + ".safetensors" }

// TrainPerKey trains one autoencoder per key on the rows of that key
// (read with ReadOptions.KeyColumn), in the order of (file, row), with
// the seed perkey.Seed(key, opt.Seed), by perkey.Train. It writes a checkpoint
// per trained key and a summary row per key into m, and returns the
// KeySummary values. Keys with fewer than opt.MinRows rows are reported
// in the summary, not trained.
func TrainPerKey(s beam.Scope, rows beam.PCollection, opt perkey.Options, m Models) beam.PCollection {
	s = s.Scope("TrainPerKey")
	grouped := beam.GroupByKey(s, beam.ParDo(s, &keyFn{}, rows))
	sums := beam.ParDo(s, &trainFn{Opt: opt, Models: m}, grouped)
	g := beam.GroupByKey(s, beam.AddFixedKey(s, sums))
	beam.ParDo0(s, &finalizeModelsFn{Models: m}, g)
	return sums
}

// keyFn keys a row by its key.
type keyFn struct{}

func (keyFn) ProcessElement(r Row) (string, Row) { return r.Key, r }

// trainFn trains the model of one key.
type trainFn struct {
	Opt    perkey.Options
	Models Models
}

func (f *trainFn) ProcessElement(ctx context.Context, key string, rows func(*Row) bool, emit func(KeySummary)) error {
	var all []Row
	var r Row
	for rows(&r) {
		all = append(all, r)
		r = Row{}
	}
	slices.SortFunc(all, func(a, b Row) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return int(a.Row - b.Row)
	})
	sum := KeySummary{Key: key, Rows: len(all), ValLoss: -1, Threshold: -1}
	if len(all) < f.Opt.MinRowsOrDefault() {
		sum.Status = fmt.Sprintf("not trained: %d rows, fewer than --min-rows %d", len(all), f.Opt.MinRowsOrDefault())
		emit(sum)
		return nil
	}
	set, err := keySet(key, all)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "key")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	log := logrus.New()
	log.SetLevel(logrus.WarnLevel)
	res, err := perkey.Train(ctx, key, set, f.Opt, dir, log)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(res.Best)
	if err != nil {
		return err
	}
	sum.Temp = f.Models.Temp + "/" + perkey.File(key) + ".safetensors"
	fs, err := filesystem.New(ctx, sum.Temp)
	if err != nil {
		return err
	}
	defer fs.Close()
	if err := filesystem.Write(ctx, fs, sum.Temp, b); err != nil {
		return fmt.Errorf("--output: %s: %w", sum.Temp, err)
	}
	sum.Epochs, sum.ValLoss, sum.Threshold, sum.Status = res.Epochs, res.ValLoss, res.Threshold, "trained"
	emit(sum)
	return nil
}

// keySet gathers the rows of one key into a set; rows of other widths
// are an error naming the key and the files.
func keySet(key string, rows []Row) (*data.Set, error) {
	w := len(rows[0].X)
	x := make([]float32, 0, len(rows)*w)
	for _, r := range rows {
		if len(r.X) != w {
			return nil, fmt.Errorf("--input: key %q: rows of %d values in %s, of %d in %s", key, w, rows[0].File, len(r.X), r.File)
		}
		x = append(x, r.X...)
	}
	return &data.Set{X: x, Shape: []int{w}, Source: fmt.Sprintf("the rows of key %q", key)}, nil
}

// finalizeModelsFn moves the checkpoints into place, then writes the
// summary and the marker.
type finalizeModelsFn struct {
	Models Models
}

func (f *finalizeModelsFn) ProcessElement(ctx context.Context, _ int, sums func(*KeySummary) bool) error {
	var all []KeySummary
	var s KeySummary
	for sums(&s) {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b KeySummary) int { return strings.Compare(a.Key, b.Key) })
	m := f.Models
	fs, err := filesystem.New(ctx, m.Out+"/x")
	if err != nil {
		return fmt.Errorf("--output %s: %w", m.Out, err)
	}
	defer fs.Close()
	if err := removeOld(ctx, fs, m.Marker(), m.Out+"/*.safetensors"); err != nil {
		return fmt.Errorf("--output %s: %w", m.Out, err)
	}
	var b strings.Builder
	b.WriteString("key,rows,epochs,val_loss,threshold,status,checkpoint\n")
	for _, s := range all {
		ckpt := ""
		if s.Temp != "" {
			ckpt = m.Checkpoint(s.Key)
			if err := moveTo(ctx, fs, s.Temp, ckpt); err != nil {
				return err
			}
		}
		fmt.Fprintf(&b, "%s,%d,%d,%s,%s,%s,%s\n", csvText(s.Key), s.Rows, s.Epochs, number(s.ValLoss), number(s.Threshold), csvText(s.Status), csvText(ckpt))
	}
	if err := filesystem.Write(ctx, fs, m.Summary(), []byte(b.String())); err != nil {
		return fmt.Errorf("--output: %s: %w", m.Summary(), err)
	}
	return writeMarker(ctx, fs, m.Marker(), map[string]int{"keys": len(all)}, m.Temp)
}

// number writes a summary's number, "" for a key that was not trained.
func number(v float64) string {
	if v < 0 {
		return ""
	}
	return fmt.Sprintf("%g", v)
}

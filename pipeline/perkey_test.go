package pipeline_test

import (
	"fmt"
	"github.com/go-autoencoders/ae/pipeline/perkey"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/pipeline"
)

// fleet writes two shards of rows keyed by a device column: 5 devices of
// 60 rows each, interleaved across the shards, and "tiny" with 5 rows.
// It returns the folder and, per device, its rows in (file, row) order.
func fleet(t *testing.T) (dir string, byKey map[string][][]float32) {
	dir = t.TempDir()
	byKey = map[string][][]float32{}
	devices := []string{"pump-1", "pump-2", "fan/3", "valve 4", "x-5"}
	for s := range 2 {
		var x [][]float32
		var keys []string
		for i := range 150 {
			k := devices[(i+s)%len(devices)]
			r := rows(1, 4, i*3+s+len(k))[0]
			r[0] += float32(len(k)) / 10
			x, keys = append(x, r), append(keys, k)
			byKey[k] = append(byKey[k], r)
		}
		if s == 1 {
			for i := range 5 {
				r := rows(1, 4, i)[0]
				x, keys = append(x, r), append(keys, "tiny")
				byKey["tiny"] = append(byKey["tiny"], r)
			}
		}
		writeCSV(t, filepath.Join(dir, fmt.Sprintf("fleet-%d.csv", s)), x, keys)
	}
	return dir, byKey
}

// TestTrainPerKeyEqualsCmdTrain: TrainPerKey over 5 keys on Prism gives
// each key a checkpoint whose weights equal, bit for bit, those cmd/train
// trains on that key's rows with -seed KeySeed(key, seed); the key with
// too few rows is reported, not trained; ScorePerKey scores each row as
// cmd/score scores it with its key's checkpoint.
func TestTrainPerKeyEqualsCmdTrain(t *testing.T) {
	dir, byKey := fleet(t)
	out := filepath.Join(t.TempDir(), "models")
	m := pipeline.Models{Out: out, Temp: pipeline.NewTemp(out)}
	opt := perkey.Options{Layers: []int{4, 2}, Epochs: 2, Seed: 7, MinRows: 20}
	err := runPipeline(t, func(s beam.Scope) {
		rows := pipeline.ReadRows(s, filepath.Join(dir, "*.csv"), pipeline.ReadOptions{KeyColumn: "device"})
		pipeline.TrainPerKey(s, rows, opt, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	sum := readCSVRecords(t, m.Summary())
	if len(sum) != 7 || !slices.Equal(sum[0], []string{"key", "rows", "epochs", "val_loss", "threshold", "status", "checkpoint"}) {
		t.Fatalf("summary %v", sum)
	}
	thresholds := map[string]string{}
	for _, r := range sum[1:] {
		key := r[0]
		if key == "tiny" {
			if r[1] != "5" || !strings.Contains(r[5], "not trained: 5 rows") || r[6] != "" {
				t.Errorf("tiny: %v; want it reported, not trained", r)
			}
			if _, err := os.Stat(m.Checkpoint(key)); err == nil {
				t.Errorf("tiny has a checkpoint")
			}
			continue
		}
		if r[1] != "60" || r[2] != "2" || r[5] != "trained" || r[6] != m.Checkpoint(key) {
			t.Errorf("%s: %v", key, r)
		}
		thresholds[key] = r[4]
		csvPath := writeCSV(t, filepath.Join(t.TempDir(), "rows.csv"), byKey[key], nil)
		run := filepath.Join(t.TempDir(), "run")
		seed := strconv.FormatUint(perkey.Seed(key, opt.Seed), 10)
		runCmd(t, "train", "-data", csvPath, "-layers", "4,2", "-epochs", "2", "-seed", seed, "-out", run, "-no-pictures", "-quiet")
		sameWeights(t, filepath.Join(run, "best.safetensors"), m.Checkpoint(key))
	}
	if len(thresholds) != 5 {
		t.Fatalf("%d trained keys, want 5", len(thresholds))
	}
	if _, err := os.Stat(m.Marker()); err != nil {
		t.Errorf("no marker: %v", err)
	}

	// ScorePerKey on the rows of the trained keys
	scoreDir := t.TempDir()
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range thresholds {
			if !yield(k) {
				return
			}
		}
	}) {
		keys := slices.Repeat([]string{key}, len(byKey[key]))
		writeCSV(t, filepath.Join(scoreDir, perkey.File(key)+".csv"), byKey[key], keys)
	}
	scores := filepath.Join(t.TempDir(), "scores")
	err = runPipeline(t, func(s beam.Scope) {
		rows := pipeline.ReadRows(s, filepath.Join(scoreDir, "*.csv"), pipeline.ReadOptions{KeyColumn: "device"})
		pipeline.WriteScores(s, pipeline.ScorePerKey(s, rows, m), pipeline.Sink{Prefix: scores, Temp: pipeline.NewTemp(scores)}, true)
	})
	if err != nil {
		t.Fatal(err)
	}
	header, got := readShards(t, scores)
	if !slices.Equal(header, []string{"file", "row", "key", "score", "anomaly"}) || len(got) != 300 {
		t.Fatalf("header %v, %d rows", header, len(got))
	}
	for key, thr := range thresholds {
		want := filepath.Join(t.TempDir(), "score")
		csvPath := writeCSV(t, filepath.Join(t.TempDir(), "rows.csv"), byKey[key], nil)
		runCmd(t, "score", "-all", "-data", csvPath, "-threshold", thr, "-no-pictures", "-out", want, m.Checkpoint(key))
		for _, r := range readCSVRecords(t, filepath.Join(want, "scores.csv"))[1:] {
			g := got[perkey.File(key)+".csv:"+r[0]]
			if !slices.Equal(g, []string{key, r[2], r[3]}) {
				t.Fatalf("%s row %s: %v, cmd/score %v", key, r[0], g, r)
			}
		}
	}
}

// sameWeights fails t unless the checkpoints at a and b hold the same
// weights, bit for bit.
func sameWeights(t *testing.T, a, b string) {
	t.Helper()
	na, err := nets.Load(a)
	if err != nil {
		t.Fatal(err)
	}
	defer na.Close()
	nb, err := nets.Load(b)
	if err != nil {
		t.Fatal(err)
	}
	defer nb.Close()
	names := na.Params().Names()
	if !slices.Equal(names, nb.Params().Names()) {
		t.Fatalf("%s has parameters %v, %s %v", a, names, b, nb.Params().Names())
	}
	for _, name := range names {
		if !slices.Equal(na.Params().Data(name), nb.Params().Data(name)) {
			t.Fatalf("%s: weight %s differs from %s's", b, name, a)
		}
	}
}

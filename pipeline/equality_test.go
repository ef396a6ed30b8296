package pipeline_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/go-autoencoders/ae/pipeline"
)

// fixture is three shards of 300 rows of 5 values (batches cross the
// 256-row chunks), as CSV, .npy and Parquet, and a checkpoint cmd/train
// trained on the CSV rows.
type fixture struct {
	dir, ckpt string
	shards    map[string][]string // by format: the shard paths
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	dir := t.TempDir()
	f := fixture{dir: dir, shards: map[string][]string{}}
	var all [][]float32
	for s := range 3 {
		x := rows(300, 5, s)
		all = append(all, x...)
		for _, ext := range []string{"csv", "npy", "parquet"} {
			os.MkdirAll(filepath.Join(dir, ext), 0o755)
			p := filepath.Join(dir, ext, fmt.Sprintf("part-%d.%s", s, ext))
			switch ext {
			case "csv":
				writeCSV(t, p, x, nil)
			case "npy":
				writeNPY(t, p, x)
			case "parquet":
				writeParquet(t, p, x)
			}
			f.shards[ext] = append(f.shards[ext], p)
		}
	}
	train := writeCSV(t, filepath.Join(dir, "train.csv"), all, nil)
	runCmd(t, "train", "-data", train, "-layers", "4,2", "-epochs", "2", "-out", filepath.Join(dir, "run"), "-no-pictures", "-quiet")
	f.ckpt = filepath.Join(dir, "run", "best.safetensors")
	return f
}

// TestScoreAndEncodeEqualTheCommands: Score and Encode on sharded CSV,
// .npy and Parquet inputs, on Prism, give every row the score, anomaly
// flag and code cmd/score and cmd/encode give it, bit for bit (as the
// shortest text that reads back as the same float64 or float32),
// compared by shard and row.
func TestScoreAndEncodeEqualTheCommands(t *testing.T) {
	f := newFixture(t)
	const threshold = "0.02"
	wantScores := map[string][]string{}
	wantCodes := map[string][]string{}
	for i, shard := range f.shards["csv"] {
		out := filepath.Join(f.dir, fmt.Sprintf("score-%d", i))
		runCmd(t, "score", "-all", "-data", shard, "-threshold", threshold, "-no-pictures", "-out", out, f.ckpt)
		for _, r := range readCSVRecords(t, filepath.Join(out, "scores.csv"))[1:] {
			wantScores[fmt.Sprintf("part-%d:%s", i, r[0])] = []string{r[2], r[3]}
		}
		codes := filepath.Join(f.dir, fmt.Sprintf("codes-%d.csv", i))
		runCmd(t, "encode", "-data", shard, "-o", codes, "-no-picture", f.ckpt)
		for row, r := range readCSVRecords(t, codes)[1:] {
			wantCodes[fmt.Sprintf("part-%d:%d", i, row)] = r
		}
	}
	for _, ext := range []string{"csv", "npy", "parquet"} {
		t.Run(ext, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			pattern := filepath.Join(f.dir, ext, "*."+ext)
			err := runPipeline(t, func(s beam.Scope) {
				rows := pipeline.ReadRows(s, pattern, pipeline.ReadOptions{})
				pipeline.WriteScores(s, pipeline.Score(s, rows, pipeline.ScoreOptions{Checkpoint: f.ckpt, Threshold: 0.02}),
					pipeline.Sink{Prefix: out + "/scores", Temp: pipeline.NewTemp(out + "/scores")}, false)
				pipeline.WriteCodes(s, pipeline.Encode(s, rows, f.ckpt), pipeline.Sink{Prefix: out + "/codes", Temp: pipeline.NewTemp(out + "/codes")})
			})
			if err != nil {
				t.Fatal(err)
			}
			header, got := readShards(t, out+"/scores")
			if !slices.Equal(header, []string{"file", "row", "score", "anomaly"}) || len(got) != len(wantScores) {
				t.Fatalf("header %v, %d rows; want file,row,score,anomaly and %d", header, len(got), len(wantScores))
			}
			for k, w := range wantScores {
				if g := got[strings.Replace(k, ":", "."+ext+":", 1)]; !slices.Equal(g, w) {
					t.Fatalf("%s: score %v, cmd/score %v", k, g, w)
				}
			}
			header, gotCodes := readShards(t, out+"/codes")
			if !slices.Equal(header, []string{"file", "row", "code0", "code1"}) || len(gotCodes) != len(wantCodes) {
				t.Fatalf("codes header %v, %d rows; want file,row,code0,code1 and %d", header, len(gotCodes), len(wantCodes))
			}
			for k, w := range wantCodes {
				if g := gotCodes[strings.Replace(k, ":", "."+ext+":", 1)]; !slices.Equal(g, w) {
					t.Fatalf("%s: code %v, cmd/encode %v", k, g, w)
				}
			}
			for _, m := range []string{out + "/scores_SUCCESS", out + "/codes_SUCCESS"} {
				if _, err := os.Stat(m); err != nil {
					t.Errorf("no marker: %v", err)
				}
			}
			if left, _ := filepath.Glob(out + "/*.tmp-*"); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

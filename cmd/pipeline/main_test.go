package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/go-autoencoders/ae/pipeline/perkey"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/pipeline"
	"github.com/sirupsen/logrus"
)

// runPipeline runs the command in this process, with a flag set of its
// own (Beam's flags keep their defaults: Prism); it returns the exit
// code, stdout and stderr.
func runPipeline(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), flag.NewFlagSet("pipeline", flag.ContinueOnError), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// lastLine returns the last line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// csvRows writes n rows of width values, with a device column if keyed.
func csvRows(t *testing.T, path string, n, width int, keyed bool) string {
	t.Helper()
	var b strings.Builder
	for j := range width {
		fmt.Fprintf(&b, "f%d,", j)
	}
	b.WriteString("device\n")
	for i := range n {
		for j := range width {
			fmt.Fprintf(&b, "%g,", float32((i*3+j*5)%17)/17)
		}
		fmt.Fprintf(&b, "d%d\n", i%2)
	}
	s := b.String()
	if !keyed {
		s = strings.ReplaceAll(strings.ReplaceAll(s, ",device\n", "\n"), ",d0\n", "\n")
		s = strings.ReplaceAll(s, ",d1\n", "\n")
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkpoint trains a small net on 60 rows of width values.
func checkpoint(t *testing.T, width int) string {
	t.Helper()
	x := make([]float32, 60*width)
	for i := range x {
		x[i] = float32(i%13) / 13
	}
	log := logrus.New()
	log.SetOutput(io.Discard)
	res, err := perkey.Train(context.Background(), "k", &data.Set{X: x, Shape: []int{width}, Source: "rows"},
		perkey.Options{Layers: []int{3}, Epochs: 1}, t.TempDir(), log)
	if err != nil {
		t.Fatal(err)
	}
	return res.Best
}

// noOutput fails t if anything but the inputs is left in out, or any
// marker or temporary file beside the prefix.
func noOutput(t *testing.T, out string) {
	t.Helper()
	left, _ := filepath.Glob(out + "*")
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestBadInput: a missing checkpoint, a shard of another width, a key
// column that does not exist and an unreadable Parquet file are each a
// one-line error naming the file or key, exit code 1, and leave no
// output, no marker and no temporary shard.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	ckpt := checkpoint(t, 4)
	os.MkdirAll(filepath.Join(dir, "good"), 0o755)
	good := csvRows(t, filepath.Join(dir, "good", "a.csv"), 30, 4, false)
	os.MkdirAll(filepath.Join(dir, "wide"), 0o755)
	csvRows(t, filepath.Join(dir, "wide", "a.csv"), 30, 4, false)
	wide := csvRows(t, filepath.Join(dir, "wide", "b.csv"), 30, 5, false)
	os.MkdirAll(filepath.Join(dir, "keyed"), 0o755)
	keyed := csvRows(t, filepath.Join(dir, "keyed", "a.csv"), 30, 4, true)
	os.MkdirAll(filepath.Join(dir, "pq"), 0o755)
	parquetRows(t, filepath.Join(dir, "pq", "a.parquet"), 30, 4)
	b, _ := os.ReadFile(parquetRows(t, filepath.Join(dir, "pq", "b.parquet"), 30, 4))
	bad := filepath.Join(dir, "pq", "b.parquet")
	os.WriteFile(bad, b[:len(b)/2], 0o644)
	for _, c := range []struct {
		name string
		args []string
		says []string
	}{
		{"missing checkpoint", []string{"score", "--checkpoint", filepath.Join(dir, "nope.safetensors"), "--threshold", "0.1", "--input", good}, []string{"--checkpoint", "nope.safetensors"}},
		{"shard of another width", []string{"score", "--checkpoint", ckpt, "--threshold", "0.1", "--input", filepath.Join(dir, "wide", "*.csv")}, []string{wide, "rows of 5 values", "takes 4"}},
		{"encode: shard of another width", []string{"encode", "--checkpoint", ckpt, "--input", filepath.Join(dir, "wide", "*.csv")}, []string{wide, "rows of 5 values"}},
		{"no such key column", []string{"train-per-key", "--key-column", "sensor", "--layers", "3", "--input", keyed}, []string{keyed, `"sensor"`, "no such column"}},
		{"unreadable parquet", []string{"score", "--checkpoint", ckpt, "--threshold", "0.1", "--input", filepath.Join(dir, "pq", "*.parquet")}, []string{bad, "not a readable Parquet file"}},
		{"no file matches", []string{"score", "--checkpoint", ckpt, "--threshold", "0.1", "--input", filepath.Join(dir, "none", "*.csv")}, []string{"no file matches"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runPipeline(append(c.args, "--output", out)...)
			last := lastLine(stderr)
			for _, s := range c.says {
				if !strings.Contains(last, s) {
					t.Errorf("last line %q does not say %q", last, s)
				}
			}
			if code != 1 || !strings.HasPrefix(last, "pipeline ") {
				t.Errorf("exit %d, last line %q; want 1 and the error", code, last)
			}
			noOutput(t, out)
		})
	}
}

// TestScoreWritesAndReplaces: a score run writes its shards and marker;
// a second run into the same prefix replaces them, leaving no shard of
// the first.
func TestScoreWritesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	ckpt := checkpoint(t, 4)
	for i := range 3 {
		csvRows(t, filepath.Join(dir, fmt.Sprintf("s%d.csv", i)), 20+i, 4, false)
	}
	out := filepath.Join(t.TempDir(), "scores")
	old := out + "-00007-of-00009.csv"
	os.WriteFile(old, []byte("old"), 0o644)
	for _, format := range []string{"csv", "parquet"} {
		code, stdout, stderr := runPipeline("score", "--checkpoint", ckpt, "--threshold", "0.1", "--input", filepath.Join(dir, "*.csv"), "--output", out, "--format", format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, lastLine(stderr))
		}
		if !strings.Contains(stdout, out+"_SUCCESS") {
			t.Errorf("stdout %q", stdout)
		}
		var m pipeline.Marker
		b, err := os.ReadFile(out + "_SUCCESS")
		if err != nil {
			t.Fatal(err)
		}
		if err := jsonUnmarshal(b, &m); err != nil || m.Rows != 63 || m.Format != format {
			t.Errorf("%s: marker %+v, %v", format, m, err)
		}
		if _, err := os.Stat(old); err == nil {
			t.Errorf("%s: the old shard is still there", format)
		}
		for _, s := range m.Shards {
			if _, err := os.Stat(s); err != nil {
				t.Errorf("%s: %v", format, err)
			}
		}
		if format == "parquet" {
			rows := 0
			for _, s := range m.Shards {
				f, err := file.OpenParquetFile(s, false)
				if err != nil {
					t.Fatal(err)
				}
				rows += int(f.NumRows())
				f.Close()
			}
			if rows != 63 {
				t.Errorf("parquet shards hold %d rows", rows)
			}
		}
		old = m.Shards[0] // the next run, of .parquet shards, removes the .csv ones
	}
}

// parquetRows writes n rows of width float64 values as Parquet.
func parquetRows(t *testing.T, path string, n, width int) string {
	t.Helper()
	fields := make([]arrow.Field, width)
	for j := range fields {
		fields[j] = arrow.Field{Name: fmt.Sprintf("f%d", j), Type: arrow.PrimitiveTypes.Float64}
	}
	schema := arrow.NewSchema(fields, nil)
	rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer rb.Release()
	for i := range n {
		for j := range width {
			rb.Field(j).(*array.Float64Builder).Append(float64((i+j)%7) / 7)
		}
	}
	rec := rb.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pqarrow.WriteTable(tbl, f, 10, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCoreDoesNotImportBeam: graph, nets, train, data, viz, pipeline/perkey and every
// other command build without any Beam package (go list -deps), and the
// core packages without Arrow (only data/parquet imports it).
func TestCoreDoesNotImportBeam(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./graph/...", "./nets/...", "./train/...", "./data/...", "./viz/...", "./pipeline/perkey",
		"./cmd/train", "./cmd/eval", "./cmd/encode", "./cmd/score", "./cmd/serve", "./cmd/loadtest", "./cmd/bench")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	n := 0
	for _, p := range strings.Split(string(out), "\n") {
		n++
		if strings.Contains(p, "github.com/apache/beam") {
			t.Errorf("a core package or command depends on %s", p)
		}
	}
	if n < 50 {
		t.Errorf("go list listed %d packages; want the whole core", n)
	}
	// nor Arrow: the notebooks' interpreter compiles these into a plugin,
	// where Arrow's compressors do not build
	cmd = exec.Command("go", "list", "-deps", "./graph/...", "./nets/...", "./train/...", "./data", "./viz/...", "./pipeline/perkey")
	cmd.Dir = "../.."
	if out, err = cmd.CombinedOutput(); err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Split(string(out), "\n") {
		if strings.Contains(p, "github.com/apache/arrow-go") {
			t.Errorf("a core package depends on %s", p)
		}
	}
}

// jsonUnmarshal is encoding/json's Unmarshal.
func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

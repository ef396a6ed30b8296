package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
)

// tabularCSV writes 60 rows of 4 features and a "kind" label, sorted by
// class, into dir/name.
func tabularCSV(t *testing.T, dir, name string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("a,b,c,d,kind\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%g,%g,%g,%g,class_%d\n", float64(i)/60, float64(i%7)/7, float64(i/20)/3, 0.5, i/20)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tabularNPZ writes an .npz of 60 training and 20 test rows of 4 values.
func tabularNPZ(t *testing.T) string {
	t.Helper()
	rows := func(n int, off float64) []float32 {
		x := make([]float32, 0, 4*n)
		for i := range n {
			v := float64(i)/float64(n) + off
			x = append(x, float32(v), float32(v*v), float32(1-v), float32(i%5)/5)
		}
		return x
	}
	return clitest.WriteNPZ(t, t.TempDir(), "d.npz", rows(60, 0), rows(20, 0.3), 4)
}

// runScore runs score and returns -out, stderr and the exit code.
func runScore(t *testing.T, args ...string) (out, stderr string, code int) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "out")
	var e bytes.Buffer
	code = run(context.Background(), append([]string{"-out", out, "-no-pictures"}, args...), &bytes.Buffer{}, &e)
	return out, e.String(), code
}

// summaryFields reads summary.json as it is.
func summaryFields(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestScoreIndexIsDataRow: scores.csv's index is the row of the data, in
// the part the sample is from, for the held-out rows, the test part and
// every row.
func TestScoreIndexIsDataRow(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	path := tabularCSV(t, t.TempDir(), "sorted.csv")
	clitest.Record(t, ckpt, path, data.Options{LabelColumn: "kind"}, 0.2, 3)

	all, stderr, code := runScore(t, "-all", "-data", path, "-label-column", "kind", ckpt)
	if code != 0 {
		t.Fatalf("-all: exit %d: %s", code, stderr)
	}
	_, allScores, _ := readScores(t, all)
	if idx, _ := readRows(t, all); len(idx) != 60 || idx[0] != 0 || idx[59] != 59 {
		t.Errorf("-all: indices %v, want 0..59", idx)
	}
	held, stderr, code := runScore(t, "-data", path, "-label-column", "kind", ckpt)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, scores, _ := readScores(t, held)
	idx, parts := readRows(t, held)
	if len(idx) != 12 || idx[len(idx)-1] < 12 || !slices.IsSorted(idx) {
		t.Fatalf("held-out indices %v, want 12 rows of the file", idx)
	}
	for k, i := range idx {
		if scores[k] != allScores[i] || parts[k] != "training" {
			t.Errorf("index %d (part %s) scores %v, row %d of the data %v", i, parts[k], scores[k], i, allScores[i])
		}
	}
}

// TestScoreIndexTestPart: for data with a test part, the index is the
// row within its part, which the part column names.
func TestScoreIndexTestPart(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	npz := tabularNPZ(t)
	test, stderr, code := runScore(t, "-data", npz, ckpt)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	idx, parts := readRows(t, test)
	if len(idx) != 20 || idx[0] != 0 || idx[19] != 19 || parts[0] != "test" {
		t.Errorf("test part: indices %v parts %v, want 0..19 of test", idx, parts)
	}
	all, stderr, code := runScore(t, "-all", "-data", npz, ckpt)
	if code != 0 {
		t.Fatalf("-all: exit %d: %s", code, stderr)
	}
	idx, parts = readRows(t, all)
	if len(idx) != 80 || idx[59] != 59 || parts[59] != "training" || idx[60] != 0 || idx[79] != 19 || parts[60] != "test" {
		t.Errorf("-all: indices %v parts %v, want training 0..59 then test 0..19", idx, parts)
	}
}

// TestScoreRecordedData: without -data, score reads the data the
// checkpoint records, with its read options, and says so.
func TestScoreRecordedData(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	path := tabularCSV(t, t.TempDir(), "sorted.csv")
	clitest.Record(t, ckpt, path, data.Options{LabelColumn: "kind"}, 0.2, 3)
	out, stderr, code := runScore(t, ckpt)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	labels, scores, _ := readScores(t, out)
	if len(scores) != 12 || labels[0] != "class_0" || readSummary(t, out).Data != path {
		t.Errorf("%d scores of %s, labels %v; want the 12 held-out rows of %s", len(scores), readSummary(t, out).Data, labels, path)
	}
	if !strings.Contains(stderr, path) || !strings.Contains(stderr, "-label-column kind") {
		t.Errorf("stderr does not say which data it read:\n%s", stderr)
	}
}

// TestScoreRefusesDataOutput: an -out whose scores.csv is the data
// is refused, and the data stays as it was.
func TestScoreRefusesDataOutput(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	dir := t.TempDir()
	path := tabularCSV(t, dir, "scores.csv")
	before, _ := os.ReadFile(path)
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-out", dir, "-data", path, "-label-column", "kind", ckpt}, &bytes.Buffer{}, &stderr)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	clitest.CheckFailure(t, stderr.String(), "-out", true)
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the data was replaced")
	}
}

// TestScoreThresholdFrom: the threshold comes from the rows the net
// trained on where the checkpoint records them (with a test part, and
// with -all too); else it warns and says in summary.json that it comes
// from the scored rows.
func TestScoreThresholdFrom(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	npz := tabularNPZ(t)
	clitest.LimitRecord(t, ckpt, npz, data.Options{}, 40)
	for _, args := range [][]string{{"-data", npz}, {"-all", "-data", npz}} {
		out, stderr, code := runScore(t, append(args, ckpt)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if s := summaryFields(t, out); s["threshold_samples"] != 40.0 || s["threshold_from"] != "trained rows" {
			t.Errorf("%v: threshold from %v samples (%v), want the 40 trained on", args, s["threshold_samples"], s["threshold_from"])
		}
	}
	plain := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	path := tabularCSV(t, t.TempDir(), "new.csv")
	out, stderr, code := runScore(t, "-data", path, "-label-column", "kind", plain)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s := summaryFields(t, out); s["threshold_from"] != "scored rows" {
		t.Errorf("threshold from %v, want scored rows", s["threshold_from"])
	}
	if !strings.Contains(stderr, "level=warning") || !strings.Contains(stderr, "-threshold VALUE") {
		t.Errorf("no warning that the threshold comes from the scored rows:\n%s", stderr)
	}
	out, stderr, code = runScore(t, "-threshold", "0.5", "-data", path, "-label-column", "kind", plain)
	if s := summaryFields(t, out); code != 0 || s["threshold_from"] != "given" || strings.Contains(stderr, "level=warning") {
		t.Errorf("-threshold 0.5: exit %d, from %v, stderr %s", code, s["threshold_from"], stderr)
	}
}

// TestScoreBadThreshold: a negative or non-finite -threshold is a usage
// error saying why.
func TestScoreBadThreshold(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	path := tabularCSV(t, t.TempDir(), "d.csv")
	for v, want := range map[string]string{"-5": "negative", "-0.1": "negative", "NaN": "not a finite", "Inf": "not a finite", "-Inf": "not a finite"} {
		_, stderr, code := runScore(t, "-threshold", v, "-data", path, "-label-column", "kind", ckpt)
		if code != 2 || !strings.Contains(stderr, "-threshold") || !strings.Contains(stderr, want) {
			t.Errorf("-threshold %s: exit %d, stderr %q; want 2 and %q", v, code, stderr, want)
		}
	}
}

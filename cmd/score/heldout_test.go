package main

import (
	"bytes"
	"context"
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

// TestScoreHeldOut: for data without a test part, score scores exactly
// the rows the training run held out (stratified: of every class of this
// class-sorted file), its threshold from the rows it trained on, and says
// so; -all scores every row.
func TestScoreHeldOut(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 3, graph.Linear, "mse")
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("a,b,c,d,kind\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%g,%g,%g,%g,class_%d\n", float64(i)/60, float64(i%7)/7, float64(i/20)/3, 0.5, i/20)
	}
	path := filepath.Join(dir, "sorted.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := data.Options{LabelColumn: "kind"}
	clitest.Record(t, ckpt, path, opt, 0.2, 3)

	score := func(args ...string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out")
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"-out", out, "-no-pictures"}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("score %v: exit %d: %s", args, code, stderr.String())
		}
		return out
	}
	held := score("-data", path, "-label-column", "kind", ckpt)
	labels, scores, _ := readScores(t, held)
	sum := readSummary(t, held)
	if len(scores) != 12 || !strings.HasPrefix(sum.Part, "held-out") || sum.ThresholdSamples != 48 {
		t.Errorf("%d scores of part %q, threshold from %d samples; want the 12 held-out rows, from the 48 trained on", len(scores), sum.Part, sum.ThresholdSamples)
	}
	if got := slices.Compact(slices.Clone(labels)); !slices.Equal(got, []string{"class_0", "class_1", "class_2"}) {
		t.Errorf("held-out labels %v, want rows of each class", labels)
	}
	// The same rows, in the same order, as a file of exactly the rows the
	// split holds out.
	rows := clitest.HeldOutCSV(t, dir, "held.csv", path, opt, 0.2, 3)
	wantLabels, want, _ := readScores(t, score("-all", "-data", rows, "-label-column", "label", ckpt))
	if !slices.Equal(labels, wantLabels) || !slices.Equal(scores, want) {
		t.Errorf("scored %v %v, the held-out rows score %v %v", labels, scores, wantLabels, want)
	}

	all := score("-all", "-data", path, "-label-column", "kind", ckpt)
	if _, scores, _ := readScores(t, all); len(scores) != 60 || readSummary(t, all).Part != "all" {
		t.Errorf("-all: %d scores of part %q, want 60 of all", len(scores), readSummary(t, all).Part)
	}
}

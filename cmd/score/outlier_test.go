package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/graph"
)

// TestScoreOutlier: a bce net scores a row with one value of 1e6 as
// the anomaly it is: the highest score, above the threshold, and every
// score ≥ 0 (the cross-entropy, which falls as a target above 1 grows,
// scored it −77.5-like and called it normal).
func TestScoreOutlier(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 2, graph.Sigmoid, "bce")
	var b strings.Builder
	b.WriteString("a,b,c,d\n")
	const outlier = 7
	for i := range 30 {
		for j := range 4 {
			v := strconv.FormatFloat(float64((i+j)%10)/10, 'g', -1, 64)
			if i == outlier && j == 2 {
				v = "1e6"
			}
			b.WriteString(v)
			if j < 3 {
				b.WriteString(",")
			}
		}
		b.WriteString("\n")
	}
	path := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-no-pictures", "-data", path, ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	_, scores, anomaly := readScores(t, out)
	for i, v := range scores {
		if !(v >= 0) {
			t.Errorf("row %d scores %v", i, v)
		}
		if i != outlier && !(v < scores[outlier]) {
			t.Errorf("row %d scores %v, the 1e6 row %v", i, v, scores[outlier])
		}
	}
	if !anomaly[outlier] || scores[outlier] < 1e10 {
		t.Errorf("the 1e6 row: score %v, anomaly %v", scores[outlier], anomaly[outlier])
	}
}

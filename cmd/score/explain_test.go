package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/graph"
)

// writeTable writes 30 rows of 4 columns, row outlier holding 1e6 in
// column 2.
func writeTable(t *testing.T, outlier int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("a,b,c,d\n")
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
	return path
}

// TestScoreExplain: explain.csv holds the rows above the threshold, each
// with feature shares that add up to 1, and the 1e6 value's feature holds
// nearly all of its row's error.
func TestScoreExplain(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 2, graph.Sigmoid, "mse")
	const outlier = 7
	path := writeTable(t, outlier)
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-no-pictures", "-explain", "-threshold", "1", "-data", path, ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(out, explainName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "index,part,score,f0,f1,f2,f3" || len(lines) != 2 {
		t.Fatalf("explain.csv:\n%s", b)
	}
	f := strings.Split(lines[1], ",")
	if f[0] != strconv.Itoa(outlier) {
		t.Errorf("flagged row %s, want %d", f[0], outlier)
	}
	var sum float64
	for j, s := range f[3:] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 || v > 1 {
			t.Fatalf("share %q", s)
		}
		sum += v
		if j == 2 && v < 0.999 {
			t.Errorf("the 1e6 feature holds a share %v", v)
		}
	}
	if math.Abs(sum-1) > 1e-4 {
		t.Errorf("shares add up to %v", sum)
	}
}

// TestScoreContamination: -contamination F flags the share F of the
// training rows (the threshold is their (1-F) quantile), and bad values
// are one-line usage errors.
func TestScoreContamination(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 4, 2, graph.Sigmoid, "mse")
	path := writeTable(t, 7)
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-no-pictures", "-all", "-contamination", "0.1", "-data", path, ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var sum struct {
		Rule      string  `json:"threshold_rule"`
		Threshold float64 `json:"threshold"`
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Rule != "p90" {
		t.Errorf("contamination 0.1 gives the rule %q, want p90", sum.Rule)
	}
	_, scores, anomaly := readScores(t, out)
	for i, v := range scores {
		if anomaly[i] != (v > sum.Threshold) {
			t.Errorf("row %d: score %v, threshold %v, anomaly %v", i, v, sum.Threshold, anomaly[i])
		}
	}
	for _, args := range [][]string{{"-contamination", "0.5"}, {"-contamination", "0"}, {"-contamination", "-0.1"}, {"-contamination", "0.1", "-threshold", "p99"}} {
		stderr.Reset()
		code := run(context.Background(), append(append([]string{"-out", out, "-data", path}, args...), ckpt), &bytes.Buffer{}, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), "-contamination") || strings.Count(stderr.String(), "\n") != 2 {
			t.Errorf("%v: exit %d, %q", args, code, stderr.String())
		}
	}
}

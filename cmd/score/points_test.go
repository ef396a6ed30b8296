package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// TestScorePoints scores a series cut into windows by a net of
// sequences: points.csv has one row per point, with its time and value,
// and the least score of the windows covering it (-point-rule all),
// anomalous above the threshold, as summary.json counts; points.png is
// drawn.
func TestScorePoints(t *testing.T) {
	const n, window = 60, 12
	var b strings.Builder
	b.WriteString("timestamp,value\n")
	start := time.Date(2014, 4, 1, 0, 0, 0, 0, time.UTC)
	values := make([]float64, n)
	for i := range values {
		values[i] = math.Sin(float64(i) / 4)
		if i >= 40 && i < 46 {
			values[i] += 5 // the jump
		}
		fmt.Fprintf(&b, "%s,%g\n", start.Add(time.Duration(i)*5*time.Minute).Format("2006-01-02 15:04:05"), values[i])
	}
	path := filepath.Join(t.TempDir(), "series.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s := nets.Spec{Encoder: []nets.Layer{nets.Conv1D(4, 3, graph.ReLU)}, Decoder: []nets.Layer{nets.Conv1D(0, 3, graph.Linear)}, Loss: graph.MSE, Seed: 1}
	s, err := s.ForData([]int{1, window})
	if err != nil {
		t.Fatal(err)
	}
	ckpt := clitest.SpecCheckpoint(t, s, nil)
	out := filepath.Join(t.TempDir(), "out")
	const thr = 0.8
	var stdout, stderr bytes.Buffer
	args := []string{"-out", out, "-data", path, "-time-column", "timestamp", "-threshold", fmt.Sprint(thr), ckpt}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	_, windows, _ := readScores(t, out)
	if len(windows) != n-window+1 {
		t.Fatalf("%d window scores, want %d", len(windows), n-window+1)
	}
	f, err := os.ReadFile(filepath.Join(out, "points.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(f)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "index,time,value,score,anomaly" || len(rows) != n+1 {
		t.Fatalf("header %v, %d rows", rows[0], len(rows)-1)
	}
	flagged := 0
	for p, r := range rows[1:] {
		least := math.Inf(1)
		for w := max(0, p-window+1); w <= min(p, n-window); w++ {
			least = math.Min(least, windows[w])
		}
		score, _ := strconv.ParseFloat(r[3], 64)
		value, _ := strconv.ParseFloat(r[2], 64)
		when := start.Add(time.Duration(p) * 5 * time.Minute).Format("2006-01-02 15:04:05")
		if r[0] != strconv.Itoa(p) || r[1] != when || math.Abs(value-values[p]) > 1e-6 || score != least || r[4] != strconv.FormatBool(least > thr) {
			t.Fatalf("point %d: %v; want time %s, value %v, score %v", p, r, when, values[p], least)
		}
		if least > thr {
			flagged++
		}
	}
	sum := readSummary(t, out)
	if sum.Points == nil || sum.Points.Flagged != flagged || sum.Points.Points != n || sum.Points.Rule != "all" || flagged == 0 {
		t.Fatalf("summary points %+v, points.csv flags %d", sum.Points, flagged)
	}
	if _, err := os.Stat(filepath.Join(out, "points.png")); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	args[len(args)-1] = "-point-rule"
	if code := run(context.Background(), append(args, "median", ckpt), &stdout, &stderr); code != 2 {
		t.Fatalf("-point-rule median: exit %d: %s", code, stderr.String())
	}
	clitest.CheckFailure(t, stderr.String(), `-point-rule: "median": want all, mean, max`, true)
}

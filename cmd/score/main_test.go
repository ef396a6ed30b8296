package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
)

// readScores reads scores.csv.
func readScores(t *testing.T, dir string) (labels []string, scores []float64, anomaly []bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "index,label,score,anomaly,part" {
		t.Fatalf("header %v", rows[0])
	}
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		labels, scores, anomaly = append(labels, r[1]), append(scores, v), append(anomaly, r[3] == "true")
	}
	return labels, scores, anomaly
}

// readRows reads the index and part columns of scores.csv.
func readRows(t *testing.T, dir string) (index []int, part []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows[0]) != 5 || rows[0][0] != "index" || rows[0][4] != "part" {
		t.Fatalf("header %v, want index,label,score,anomaly,part", rows[0])
	}
	for _, r := range rows[1:] {
		i, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatal(err)
		}
		index, part = append(index, i), append(part, r[4])
	}
	return index, part
}

func readSummary(t *testing.T, dir string) *cli.Summary {
	t.Helper()
	s, err := cli.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestScoreImages trains on class 0 of fake digits and scores all
// classes: the scores are AnomalyScores, the threshold the p99 of the
// class-0 scores, and AUC, AP and counts agree with scores.csv.
func TestScoreImages(t *testing.T) {
	x, labels := clitest.Digits(120, 3, 1)
	var x0 []float32
	for i, l := range labels {
		if l == "0" {
			x0 = append(x0, x[i*784:(i+1)*784]...)
		}
	}
	ckpt := clitest.Checkpoint(t, "dense", x0)
	path := clitest.WriteCSV(t, t.TempDir(), "d.csv", x, labels)
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	args := []string{"-out", out, "-normal", "0", "-data", path, "-label-column", "label", "-worst", "4", ckpt}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	gotLabels, scores, anomaly := readScores(t, out)
	a, err := nets.Load(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sx, _ := a.Scale(x)
	want, err := a.AnomalyScores(sx)
	if err != nil {
		t.Fatal(err)
	}
	var normal []float64
	pos := make([]bool, len(want))
	for i := range want {
		if scores[i] != want[i] || gotLabels[i] != labels[i] {
			t.Fatalf("row %d: %v %s, want %v %s", i, scores[i], gotLabels[i], want[i], labels[i])
		}
		if labels[i] == "0" {
			normal = append(normal, want[i])
		}
		pos[i] = labels[i] != "0"
	}
	s := readSummary(t, out)
	thr, _ := metrics.Threshold("p99", normal)
	auc, _ := metrics.ROCAUC(want, pos)
	ap, _ := metrics.AveragePrecision(want, pos)
	if s.Threshold != thr || s.ThresholdSamples != 40 || s.Part != "all" || s.Samples != 120 || s.Loss != "bce" {
		t.Errorf("summary %+v; want threshold %v of 40 samples", s, thr)
	}
	if s.ROCAUC == nil || *s.ROCAUC != auc || *s.AveragePrecision != ap {
		t.Errorf("AUC %v AP %v, want %v %v", s.ROCAUC, s.AveragePrecision, auc, ap)
	}
	n := 0
	for i, v := range want {
		if anomaly[i] != (v > thr) {
			t.Fatalf("row %d: anomaly %v for score %v and threshold %v", i, anomaly[i], v, thr)
		}
		if anomaly[i] {
			n++
		}
	}
	if c := s.Counts; s.Anomalies != n || c.TruePositive+c.FalsePositive != n || c.TruePositive+c.FalseNegative != 80 {
		t.Errorf("anomalies %d, counts %+v; scores.csv has %d", s.Anomalies, c, n)
	}
	for _, f := range []string{"histogram.png", "roc.png", "worst.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if !strings.Contains(stdout.String(), "ROC AUC") {
		t.Errorf("stdout: %s", stdout.String())
	}

	// -threshold max and a number
	for _, c := range []struct {
		rule string
		want float64
	}{{"max", slicesMax(normal)}, {"0.25", 0.25}} {
		out2 := filepath.Join(t.TempDir(), "o")
		args := []string{"-out", out2, "-threshold", c.rule, "-no-pictures", "-data", path, "-label-column", "label", ckpt}
		if code := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
			t.Fatalf("%s: exit %d", c.rule, code)
		}
		s := readSummary(t, out2)
		if c.rule == "max" {
			// without -normal the threshold comes from every sample
			c.want = slicesMax(want)
		}
		if s.Threshold != c.want || s.ROCAUC != nil {
			t.Errorf("%s: threshold %v, want %v; AUC %v without -normal", c.rule, s.Threshold, c.want, s.ROCAUC)
		}
	}
}

func slicesMax(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

// TestScoreTabular: 6 features, an mse net; worst.png is a bar chart.
func TestScoreTabular(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 6, 3, graph.Linear, "mse")
	var b strings.Builder
	b.WriteString("a,b,c,d,e,f,kind\n")
	for i := range 30 {
		kind := "ok"
		if i%10 == 0 {
			kind = "bad"
		}
		for j := range 6 {
			v := float64((i*7+j*3)%5) / 5
			if kind == "bad" {
				v *= 10
			}
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + ",")
		}
		b.WriteString(kind + "\n")
	}
	path := filepath.Join(t.TempDir(), "t.csv")
	os.WriteFile(path, []byte(b.String()), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-out", out, "-data", path, "-label-column", "kind", "-normal", "ok", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "worst.png")); err != nil {
		t.Error(err)
	}
	sum := readSummary(t, out)
	if sum.Loss != "mse" || sum.ROCAUC == nil || *sum.ROCAUC < 0.9 {
		t.Errorf("summary %+v", sum)
	}
}

func TestBadInput(t *testing.T) {
	x, labels := clitest.Digits(6, 2, 3)
	ckpt := clitest.Checkpoint(t, "dense", nil)
	dir := t.TempDir()
	good := clitest.WriteCSV(t, dir, "d.csv", x, labels)
	unlabelled := clitest.WriteNPY(t, dir, "x.npy", x, []int{6, 784})
	small := filepath.Join(dir, "small.csv")
	os.WriteFile(small, []byte("a,b,label\n1,2,x\n"), 0o644)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	for _, c := range []struct {
		name  string
		args  []string
		code  int
		want  string
		usage bool
	}{
		{"no checkpoint", []string{"-out", out}, 2, "want one checkpoint file", true},
		{"no -out", []string{ckpt}, 2, "-out:", true},
		{"unknown flag", []string{"-out", out, "-nope", ckpt}, 2, "-nope", true},
		{"bad threshold", []string{"-out", out, "-threshold", "p200", ckpt}, 2, "-threshold:", true},
		{"word threshold", []string{"-out", out, "-threshold", "median", ckpt}, 2, "-threshold:", true},
		{"bad worst", []string{"-out", out, "-worst", "0", ckpt}, 2, "-worst:", true},
		{"empty normal label", []string{"-out", out, "-normal", "0,", ckpt}, 2, "-normal:", true},
		{"unknown normal label", []string{"-out", out, "-normal", "7", "-data", good, "-label-column", "label", ckpt}, 2, "-normal:", true},
		{"normal without labels", []string{"-out", out, "-normal", "0", "-data", unlabelled, ckpt}, 2, "-normal:", true},
		{"bad size", []string{"-out", out, "-size", "x", ckpt}, 2, "-size:", true},
		{"missing checkpoint", []string{"-out", out, filepath.Join(dir, "none.safetensors")}, 1, "none.safetensors", false},
		{"missing data", []string{"-out", out, "-data", filepath.Join(dir, "none.csv"), ckpt}, 1, "none.csv", false},
		{"wrong shape", []string{"-out", out, "-data", small, "-label-column", "label", ckpt}, 1, "small.csv", false},
		{"out is a file", []string{"-out", file, "-data", good, "-label-column", "label", ckpt}, 1, "-out:", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), c.args, &bytes.Buffer{}, &stderr)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			clitest.CheckFailure(t, stderr.String(), c.want, c.usage)
			if ents, _ := os.ReadDir(parent); len(ents) != 0 {
				t.Errorf("files written: %v", ents)
			}
		})
	}
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/sirupsen/logrus"
)

// wineCSV writes a CSV sorted by class, as scikit-learn's wine data: the
// rows of class_0, then class_1, then class_2, 4 features and a "class"
// column; shift moves every value, so that the same shape holds other
// data.
func wineCSV(t *testing.T, dir, name string, perClass []int, shift float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("alcohol,ash,class,hue,proline\n")
	i := 0
	for c, n := range perClass {
		for range n {
			x := float64(i)
			fmt.Fprintf(&b, "%g,%g,class_%d,%g,%g\n", 12+math.Sin(x)+shift, 2+float64(c)/2, c, 1+math.Cos(3*x)/3, 500+10*x)
			i++
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadFor parses args and loads their data as a run would, returning the
// samples and the log.
func loadFor(t *testing.T, args ...string) (*samples, string) {
	t.Helper()
	o, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	log := logrus.New()
	log.SetOutput(&buf)
	d, err := o.load(log)
	if err != nil {
		t.Fatal(err)
	}
	return d, buf.String()
}

// firstFeature returns the first feature of each sample of s.
func firstFeature(t *testing.T, s *data.Set) []float32 {
	t.Helper()
	x := make([]float32, s.Len()*s.Size())
	if err := s.ReadRows(0, s.Len(), x); err != nil {
		t.Fatal(err)
	}
	out := make([]float32, s.Len())
	for i := range out {
		out[i] = x[i*s.Size()]
	}
	return out
}

// TestValidationEveryClass: data without a test part, sorted by class,
// validates on rows of every class, drawn with the seed, and the log says
// how.
func TestValidationEveryClass(t *testing.T) {
	csv := wineCSV(t, t.TempDir(), "wine.csv", []int{30, 36, 24}, 0)
	d, log := loadFor(t, "-data", csv, "-label-column", "class")
	if d.train.Len() != 81 || d.val.Len() != 9 {
		t.Fatalf("%d training and %d validation rows, want 81 and 9", d.train.Len(), d.val.Len())
	}
	if got := d.val.Classes(); !slices.Equal(got, []string{"class_0", "class_1", "class_2"}) {
		t.Errorf("validation rows of classes %v, want all three", got)
	}
	if !strings.Contains(log, "stratified 10% (seed 1)") {
		t.Errorf("the log does not say which split:\n%s", log)
	}
	again, _ := loadFor(t, "-data", csv, "-label-column", "class")
	if !slices.Equal(firstFeature(t, d.val), firstFeature(t, again.val)) {
		t.Errorf("the same seed gave other validation rows")
	}
	other, _ := loadFor(t, "-data", csv, "-label-column", "class", "-seed", "2")
	if slices.Equal(firstFeature(t, d.val), firstFeature(t, other.val)) {
		t.Errorf("-seed 2 gave the validation rows of -seed 1")
	}
	tail, log := loadFor(t, "-data", csv, "-label-column", "class", "-val-split-kind", "tail")
	if got := tail.val.Classes(); !slices.Equal(got, []string{"class_2"}) || !strings.Contains(log, "unshuffled last 10%") {
		t.Errorf("-val-split-kind tail: validation classes %v, log:\n%s", got, log)
	}
}

// trainWine trains a small dense net on a wine-like CSV and returns the
// path of its last checkpoint.
func trainWine(t *testing.T, csv, out string, extra ...string) string {
	t.Helper()
	args := append([]string{"-layers", "4,2", "-loss", "mse", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-data", csv, "-label-column", "class", "-out", out}, extra...)
	if r := runCLI(t, args...); r.code != exitOK {
		t.Fatalf("train: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	return filepath.Join(out, "last.safetensors")
}

// TestResumeRemembersData: a resume reads the checkpoint's data, with its
// options and split, without -data or -limit; flags that agree are fine,
// flags that contradict are errors naming the flag.
func TestResumeRemembersData(t *testing.T) {
	dir := t.TempDir()
	csv := wineCSV(t, dir, "wine.csv", []int{30, 36, 24}, 0)
	last := trainWine(t, csv, filepath.Join(dir, "run"), "-limit", "60")
	r := runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-no-pictures")
	if r.code != exitOK {
		t.Fatalf("resume without -data: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "train=54") || !strings.Contains(r.stderr, "val=6") {
		t.Errorf("the resume does not train on the run's 54 rows and validate on its 6:\n%s", r.stderr)
	}

	c, err := checkpoint.Read(last)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := cli.ReadDataRecord(c)
	if err != nil || rec == nil {
		t.Fatalf("the checkpoint's data record: %v, %v", rec, err)
	}
	if rec.Path != csv || rec.Limit != 60 || rec.LabelColumn != "class" || rec.Split == nil || *rec.Split != (data.SplitInfo{Fraction: 0.1, Seed: 1, Kind: data.SplitStratified}) || rec.Fingerprint.Rows != 60 {
		t.Errorf("data record %+v, split %+v", rec, rec.Split)
	}
	r = runCLI(t, "-resume", last, "-epochs", "3", "-quiet", "-no-pictures", "-data", csv, "-limit", "60", "-label-column", "class", "-val-split", "0.1", "-val-split-kind", "shuffled")
	if r.code != exitOK {
		t.Fatalf("resume with flags that agree: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	for _, c := range []struct{ flag, value string }{
		{"limit", "70"}, {"limit", "0"}, {"classes", "class_0"}, {"val-split", "0.3"}, {"label-column", "hue"},
		{"val-split-kind", "tail"}, {"size", "8x8"}, {"val-data", csv},
	} {
		r := runCLI(t, "-resume", last, "-epochs", "4", "-quiet", "-no-pictures", "-"+c.flag, c.value)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != exitUsage || !strings.Contains(first, "-"+c.flag+":") {
			t.Errorf("resume with -%s %s: exit code %d, want %d and a line naming -%s:\n%s", c.flag, c.value, r.code, exitUsage, c.flag, r.stderr)
		}
	}
}

// TestResumeOtherData: a resume on other data than the checkpoint's is an
// error naming -data and what differs; the same data moved is fine.
func TestResumeOtherData(t *testing.T) {
	dir := t.TempDir()
	csv := wineCSV(t, dir, "wine.csv", []int{30, 36, 24}, 0)
	last := trainWine(t, csv, filepath.Join(dir, "run"))
	for _, c := range []struct {
		name, path, want string
	}{
		{"other values", wineCSV(t, dir, "shifted.csv", []int{30, 36, 24}, 0.5), "other values in its first rows"},
		{"more rows", wineCSV(t, dir, "more.csv", []int{30, 36, 30}, 0), "90 rows, now 96"},
	} {
		r := runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-no-pictures", "-data", c.path, "-label-column", "class")
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != exitFailure || !strings.HasPrefix(first, "train: -data: ") || !strings.Contains(first, c.want) {
			t.Errorf("%s: exit code %d, want %d and a line naming -data and %q:\n%s", c.name, r.code, exitFailure, c.want, r.stderr)
		}
	}
	moved := filepath.Join(t.TempDir(), "moved.csv")
	if err := os.WriteFile(moved, readFile(t, csv), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-no-pictures", "-data", moved, "-label-column", "class")
	if r.code != exitOK || !strings.Contains(r.stderr, "level=warning") || !strings.Contains(r.stderr, csv) {
		t.Errorf("the same data moved: exit code %d, want 0 and a warning naming the old path:\n%s", r.code, r.stderr)
	}
}

// TestResumeOldCheckpoint: a checkpoint written before checkpoints kept
// their data resumes on the data given, with a warning and the tail split
// it was trained with; without -data the error names the data, not the
// checkpoint, as "-data".
func TestResumeOldCheckpoint(t *testing.T) {
	dir := t.TempDir()
	csv := wineCSV(t, dir, "wine.csv", []int{30, 36, 24}, 0)
	last := trainWine(t, csv, filepath.Join(dir, "run"))
	f, err := safetensors.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	delete(f.Metadata, checkpoint.MetaData)
	if err := safetensors.WriteFile(last, f); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-no-pictures")
	_, msg, _ := strings.Cut(r.stderr, "train: ")
	if r.code == exitOK || !strings.HasPrefix(msg, "-data: (the bundled MNIST) does not fit the net of "+last) {
		t.Errorf("old checkpoint without -data: exit code %d; want an error naming the data:\n%s", r.code, r.stderr)
	}
	r = runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-no-pictures", "-data", csv, "-label-column", "class")
	if r.code != exitOK || !strings.Contains(r.stderr, "records no data") || !strings.Contains(r.stderr, "unshuffled last 10%") {
		t.Errorf("old checkpoint: exit code %d, want 0 with a warning and the tail split:\n%s", r.code, r.stderr)
	}
}

// TestHeldOutAreValidationRows: the rows cmd/eval and cmd/score score by
// default for a checkpoint of data without a test part are the rows the
// run validated on, and with -limit those past it too.
func TestHeldOutAreValidationRows(t *testing.T) {
	dir := t.TempDir()
	csv := wineCSV(t, dir, "wine.csv", []int{30, 36, 24}, 0)
	split, err := data.Open(csv, data.Options{LabelColumn: "class"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		extra []string
		more  int // held-out rows past -limit
	}{{"all rows", nil, 0}, {"limit", []string{"-limit", "50", "-seed", "5"}, 40}} {
		args := append([]string{"-data", csv, "-label-column", "class"}, c.extra...)
		d, _ := loadFor(t, args...)
		last := trainWine(t, csv, filepath.Join(dir, c.name), c.extra...)
		scored, err := cli.ScoredPart(split, last, false)
		if err != nil {
			t.Fatal(err)
		}
		got, want := firstFeature(t, scored.Set), firstFeature(t, d.val)
		if len(got) != len(want)+c.more || !slices.Equal(got[:len(want)], want) || !strings.HasPrefix(scored.Part, "held-out") {
			t.Errorf("%s: scored %v (%s), the run validated on %v", c.name, got, scored.Part, want)
		}
		if tr := firstFeature(t, scored.Train); !slices.Equal(tr, firstFeature(t, d.train)) {
			t.Errorf("%s: the rows trained on are %v, the run's %v", c.name, tr, firstFeature(t, d.train))
		}
	}
}

// TestValDataClasses: -classes keeps only its labels in -val-data too.
func TestValDataClasses(t *testing.T) {
	dir := t.TempDir()
	csv := wineCSV(t, dir, "wine.csv", []int{30, 36, 24}, 0)
	val := wineCSV(t, dir, "val.csv", []int{5, 5, 5}, 0.25)
	d, _ := loadFor(t, "-data", csv, "-val-data", val, "-label-column", "class", "-classes", "class_1")
	if got := d.val.Classes(); !slices.Equal(got, []string{"class_1"}) || d.val.Len() != 5 {
		t.Errorf("-val-data with -classes class_1: %d validation rows of classes %v, want 5 of class_1", d.val.Len(), got)
	}
}

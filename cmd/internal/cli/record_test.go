package cli

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/data"
)

// TestRecorded: without -data the recorded path and read options are
// used, but for the flags given; with -data, or no recorded path, the
// flags stay as they are.
func TestRecorded(t *testing.T) {
	r := &DataRecord{Path: "/d/x.csv", LabelColumn: "label", Layout: "nchw", Channels: 1, Size: "8x8"}
	parse := func(args ...string) DataFlags {
		var d DataFlags
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		d.Register(fs)
		if err := Parse(fs, args, io.Discard); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, what := parse("-layout", "nhwc", "-label-column", "").Recorded(r)
	want := DataFlags{Path: "/d/x.csv", Layout: "nhwc", Channels: 1, Size: "8x8"}
	if d.Path != want.Path || d.LabelColumn != "" || d.Layout != "nhwc" || d.Channels != 1 || d.Size != "8x8" {
		t.Errorf("got %+v, want %+v", d, want)
	}
	if !strings.Contains(what, "/d/x.csv") || !strings.Contains(what, "-channels 1") || strings.Contains(what, "-layout") {
		t.Errorf("log %q", what)
	}
	if d, what := parse("-data", "y.csv").Recorded(r); d.Path != "y.csv" || d.LabelColumn != "" || what != "" {
		t.Errorf("-data given: %+v %q", d, what)
	}
	if d, what := parse().Recorded(&DataRecord{}); d.Path != "" || what != "" {
		t.Errorf("bundled MNIST recorded: %+v %q", d, what)
	}
}

// TestOverwrites: an output that is the data, through a link, or inside
// a data folder is found.
func TestOverwrites(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.csv")
	os.WriteFile(file, []byte("a\n1\n"), 0o644)
	link := filepath.Join(t.TempDir(), "l.csv")
	os.Symlink(file, link)
	for _, c := range []struct {
		data string
		outs []string
		want string
	}{
		{file, []string{filepath.Join(dir, "y.csv"), file}, file},
		{link, []string{file}, file},
		{file, []string{link}, link},
		{dir, []string{filepath.Join(dir, "sub", "codes.npy")}, filepath.Join(dir, "sub", "codes.npy")},
		{file, []string{filepath.Join(dir, "codes.npy")}, ""},
		{"", []string{file}, ""},
	} {
		if got := Overwrites(c.data, c.outs...); got != c.want {
			t.Errorf("Overwrites(%s, %v) = %q, want %q", c.data, c.outs, got, c.want)
		}
	}
}

// TestScoredRow: samples are numbered by their row in their part.
func TestScoredRow(t *testing.T) {
	set := func(n int) *data.Set { return &data.Set{X: make([]float32, n), Shape: []int{1}} }
	split := &data.Split{Train: set(5), Test: set(3)}
	s, err := scoredPart(split, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if p, r := s.Row(4); p != "training" || r != 4 {
		t.Errorf("sample 4: %s row %d", p, r)
	}
	if p, r := s.Row(6); p != "test" || r != 1 {
		t.Errorf("sample 6: %s row %d", p, r)
	}
	if s.TrainFrom != FromTrainingPart {
		t.Errorf("threshold rows %q", s.TrainFrom)
	}
}

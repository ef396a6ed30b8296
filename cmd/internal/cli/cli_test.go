package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"github.com/go-autoencoders/ae/data"
)

func TestNPYRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.npy")
	w, err := CreateNPY(path, []int{3, 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, -2.5, 3e-9, 4, 5, 6}
	if err := w.WriteValues(want[:4]); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteValues(want[4:]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npy.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header.Descr.Shape; len(got) != 2 || got[0] != 3 || got[1] != 2 {
		t.Fatalf("shape %v", got)
	}
	var got []float32
	if err := r.Read(&got); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("read %v, wrote %v", got, want)
		}
	}
	// the data package reads it back too
	s, err := data.Open(path, data.Options{FileBacked: true})
	if err != nil || s.Train.Len() != 3 || s.Train.Size() != 2 {
		t.Fatalf("data.Open: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
	// an incomplete array is not renamed into place
	w, _ = CreateNPY(filepath.Join(dir, "short.npy"), []int{2, 2})
	w.WriteValues([]float32{1})
	if err := w.Close(); err == nil {
		t.Error("an incomplete array closed without error")
	}
	if err := w.WriteValues(make([]float32, 10)); err == nil {
		t.Error("too many values: no error")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files after a failed write: %v", ents)
	}
	// the header is 64-byte aligned
	b, _ := os.ReadFile(path)
	if (len(b)-6*4)%64 != 0 {
		t.Errorf("the data starts at %d, not a multiple of 64", len(b)-24)
	}
}

func TestLabelsNPY(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "labels.npy")
	if err := WriteLabelsNPY(p, []string{"7", "2", "-1"}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(p)
	r, err := npy.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var ints []int64
	if err := r.Read(&ints); err != nil || len(ints) != 3 || ints[0] != 7 || ints[2] != -1 {
		t.Fatalf("int labels %v, %v", ints, err)
	}
	f.Close()
	if err := WriteLabelsNPY(p, []string{"cat", "dög", "x"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if !bytes.Contains(b, []byte("'descr': '<U3'")) || !bytes.Contains(b, []byte("'shape': (3,)")) {
		t.Errorf("string labels header: %q", b[:80])
	}
	if len(b)%64 != (3*3*4)%64 {
		t.Errorf("%d bytes", len(b))
	}
}

func TestCode(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		code int
		out  string
	}{
		{"ok", nil, 0, ""},
		{"help", flag.ErrHelp, 0, ""},
		{"usage", Usagef("threshold", "bad %q", "x"), 2, "score: -threshold: bad \"x\"\nRun 'score -h' for the flags.\n"},
		{"failure", errors.New("-data: x.csv: no such file"), 1, "score: -data: x.csv: no such file\n"},
		{"interrupted", fmt.Errorf("scoring: %w", context.Canceled), 130, "score: scoring: context canceled\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if got := Code("score", c.err, &b); got != c.code || b.String() != c.out {
				t.Errorf("Code = %d, %q; want %d, %q", got, b.String(), c.code, c.out)
			}
		})
	}
}

func TestDataFlags(t *testing.T) {
	for _, c := range []struct {
		name string
		d    DataFlags
		msg  string
	}{
		{"size", DataFlags{Path: "x", Size: "64"}, "-size:"},
		{"layout", DataFlags{Path: t.TempDir(), Layout: "hwc"}, "-layout:"},
		{"channels", DataFlags{Path: t.TempDir(), Channels: 2}, "-channels:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.d.Open()
			var u UsageError
			if !errors.As(err, &u) || !strings.HasPrefix(err.Error(), c.msg) {
				t.Errorf("Open: %v; want a usage error starting %q", err, c.msg)
			}
		})
	}
	_, err := DataFlags{Path: filepath.Join(t.TempDir(), "none.csv")}.Open()
	var u UsageError
	if err == nil || errors.As(err, &u) || !strings.Contains(err.Error(), "none.csv") {
		t.Errorf("a missing file: %v", err)
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
)

// tabular writes a CSV of rows rows of 4 features and a "kind" label
// into dir/name, and returns a checkpoint for it and the CSV's path.
func tabular(t *testing.T, dir, name string, rows int) (ckpt, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("a,b,c,d,kind\n")
	for i := range rows {
		b.WriteString(strings.Join([]string{"0.1", "0.2", "0.3", string(rune('1' + i%9)), "k" + string(rune('a'+i%3))}, ",") + "\n")
	}
	path = filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return clitest.TabularCheckpoint(t, 4, 2, graph.Linear, "mse"), path
}

// TestEncodeRecordedData: without -data, encode reads the data the
// checkpoint records, with its read options, and says so.
func TestEncodeRecordedData(t *testing.T) {
	ckpt, path := tabular(t, t.TempDir(), "d.csv", 30)
	clitest.Record(t, ckpt, path, data.Options{LabelColumn: "kind"}, 0.2, 1)
	out := filepath.Join(t.TempDir(), "codes.csv")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-o", out, "-no-picture", ckpt}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 31 || lines[0] != "c0,c1,label" || !strings.HasSuffix(lines[1], ",ka") {
		t.Errorf("codes.csv: %d lines, header %q, first %q; want the 30 rows of %s with labels", len(lines), lines[0], lines[1], path)
	}
	if !strings.Contains(stderr.String(), path) {
		t.Errorf("stderr does not name the data read:\n%s", stderr.String())
	}
}

// TestEncodeRefusesOwnData: an output that is the -data file, also
// through a link, is a usage error naming -o, and the data stays.
func TestEncodeRefusesOwnData(t *testing.T) {
	dir := t.TempDir()
	ckpt, path := tabular(t, dir, "ext.csv", 10)
	link := filepath.Join(t.TempDir(), "link.csv")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, c := range []struct{ out, data string }{{path, path}, {path, link}} {
		var stderr bytes.Buffer
		args := []string{"-o", c.out, "-no-picture", "-data", c.data, "-label-column", "kind", ckpt}
		if code := run(context.Background(), args, &bytes.Buffer{}, &stderr); code != 2 {
			t.Errorf("-o %s -data %s: exit %d, want 2", c.out, c.data, code)
		}
		clitest.CheckFailure(t, stderr.String(), "-o", true)
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Fatalf("-o %s -data %s replaced the data", c.out, c.data)
		}
	}
}

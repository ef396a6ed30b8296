package clitest

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph/safetensors"
)

// Record writes into the checkpoint at ckpt the record cmd/train keeps of
// its data: the file at path, read with opt, validated on a shuffled (or
// stratified) frac of its rows drawn with seed.
func Record(t testing.TB, ckpt, path string, opt data.Options, frac float64, seed uint64) {
	t.Helper()
	split, err := data.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := data.FingerprintOf(path, split.Train)
	if err != nil {
		t.Fatal(err)
	}
	WriteRecord(t, ckpt, cli.DataRecord{Path: cli.AbsPath(path), LabelColumn: opt.LabelColumn, Fingerprint: fp,
		Split: &data.SplitInfo{Fraction: frac, Seed: seed, Kind: data.ShuffledKind(split.Train)}})
}

// LimitRecord writes into the checkpoint at ckpt the record of a run
// that trained on the first limit rows of the training part of the data
// at path (read with opt) and validated on its test part.
func LimitRecord(t testing.TB, ckpt, path string, opt data.Options, limit int) {
	t.Helper()
	split, err := data.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := data.FingerprintOf(path, split.Train.Head(limit))
	if err != nil {
		t.Fatal(err)
	}
	WriteRecord(t, ckpt, cli.DataRecord{Path: cli.AbsPath(path), LabelColumn: opt.LabelColumn, Limit: limit, Fingerprint: fp})
}

// WriteRecord writes r into the checkpoint at ckpt.
func WriteRecord(t testing.TB, ckpt string, r cli.DataRecord) {
	t.Helper()
	meta, err := r.Meta()
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range meta {
		f.Metadata[k] = v
	}
	if err := safetensors.WriteFile(ckpt, f); err != nil {
		t.Fatal(err)
	}
}

// HeldOutCSV writes into dir, as name, a CSV of the rows of the data at
// path (read with opt) that a split of frac with seed holds out, in their
// order, with their labels in a last "label" column if they have labels.
func HeldOutCSV(t testing.TB, dir, name, path string, opt data.Options, frac float64, seed uint64) string {
	t.Helper()
	split, err := data.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	_, val, err := data.SplitShuffled(split.Train, frac, seed)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	row := make([]string, 0, val.Size()+1)
	for j := range val.Size() {
		row = append(row, "f"+strconv.Itoa(j))
	}
	if val.Labels != nil {
		row = append(row, "label")
	}
	b.WriteString(strings.Join(row, ",") + "\n")
	for i := range val.Len() {
		row = row[:0]
		for _, v := range val.X[i*val.Size() : (i+1)*val.Size()] {
			row = append(row, strconv.FormatFloat(float64(v), 'g', -1, 32))
		}
		if val.Labels != nil {
			row = append(row, val.Labels[i])
		}
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	out := filepath.Join(dir, name)
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// WriteNPZ writes into dir/name an .npz archive of x_train and, if test
// is not nil, x_test: rows of cols values; it returns its path.
func WriteNPZ(t testing.TB, dir, name string, train, test []float32, cols int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z := zip.NewWriter(f)
	for _, m := range []struct {
		name string
		x    []float32
	}{{"x_train.npy", train}, {"x_test.npy", test}} {
		if m.x == nil {
			continue
		}
		b, err := os.ReadFile(WriteNPY(t, t.TempDir(), m.name, m.x, []int{len(m.x) / cols, cols}))
		if err != nil {
			t.Fatal(err)
		}
		w, err := z.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

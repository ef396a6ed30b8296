package clitest

import (
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
	r := cli.DataRecord{Path: cli.AbsPath(path), LabelColumn: opt.LabelColumn, Fingerprint: fp,
		Split: &data.SplitInfo{Fraction: frac, Seed: seed, Kind: data.ShuffledKind(split.Train)}}
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

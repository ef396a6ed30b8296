package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/nets"
)

// wantCodes returns Autoencoder.Encode of the scaled samples.
func wantCodes(t *testing.T, ckpt string, x []float32) []float32 {
	t.Helper()
	a, err := nets.Load(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	s, err := a.Scale(x)
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEncodeNPY(t *testing.T) {
	x, labels := clitest.Digits(300, 3, 1) // more than one batch
	ckpt := clitest.Checkpoint(t, "dense", x)
	dir := t.TempDir()
	data := clitest.WriteCSV(t, dir, "digits.csv", x, labels)
	out := filepath.Join(t.TempDir(), "codes.npy")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-o", out, "-data", data, "-label-column", "label", ckpt}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := wantCodes(t, ckpt, x)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npy.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if sh := r.Header.Descr.Shape; len(sh) != 2 || sh[0] != 300 || sh[1] != 32 {
		t.Fatalf("shape %v, want (300, 32)", sh)
	}
	var got []float32
	if err := r.Read(&got); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("code value %d: %v, Encode says %v", i, got[i], want[i])
		}
	}
	lf, err := os.Open(filepath.Join(filepath.Dir(out), "labels.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	lr, err := npy.NewReader(lf)
	if err != nil {
		t.Fatal(err)
	}
	var ls []int64
	if err := lr.Read(&ls); err != nil || len(ls) != 300 || ls[2] != 2 || ls[4] != 1 {
		t.Fatalf("labels %v, %v", ls[:5], err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "codes-2d.png")); err != nil {
		t.Error(err)
	}
}

// TestEncodeCSV reads a file-backed .npy (no labels) of images and writes
// CSV.
func TestEncodeCSV(t *testing.T) {
	x, _ := clitest.Digits(40, 2, 2)
	ckpt := clitest.Checkpoint(t, "conv", nil)
	data := clitest.WriteNPY(t, t.TempDir(), "x.npy", x, []int{40, 28, 28, 1})
	out := filepath.Join(t.TempDir(), "c.csv")
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-o", out, "-data", data, "-no-picture", ckpt}, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := wantCodes(t, ckpt, x)
	if len(rows) != 41 || len(rows[0]) != 49 || rows[0][48] != "c48" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, row := range rows[1:] {
		for j, s := range row {
			v, err := strconv.ParseFloat(s, 32)
			if err != nil || float32(v) != want[i*49+j] {
				t.Fatalf("row %d column %d: %s, Encode says %v", i, j, s, want[i*49+j])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "codes-2d.png")); err == nil {
		t.Error("-no-picture drew the picture")
	}
}

// TestBadInput: the exit code, one line naming the flag or file, and
// nothing written.
func TestBadInput(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	dir := t.TempDir()
	x, labels := clitest.Digits(4, 2, 3)
	good := clitest.WriteCSV(t, dir, "d.csv", x, labels)
	small := filepath.Join(dir, "small.csv")
	os.WriteFile(small, []byte("a,b,label\n1,2,x\n"), 0o644)
	garbage := filepath.Join(dir, "garbage.safetensors")
	os.WriteFile(garbage, []byte("not a checkpoint"), 0o644)
	out := t.TempDir()
	o := filepath.Join(out, "codes.npy")
	for _, c := range []struct {
		name  string
		args  []string
		code  int
		want  string
		usage bool
	}{
		{"no checkpoint", []string{"-o", o}, 2, "want one checkpoint file", true},
		{"two checkpoints", []string{"-o", o, ckpt, ckpt}, 2, "want one checkpoint file", true},
		{"unknown flag", []string{"-bogus", ckpt}, 2, "-bogus", true},
		{"bad extension", []string{"-o", filepath.Join(out, "codes.txt"), ckpt}, 2, "-o:", true},
		{"reserved name", []string{"-o", filepath.Join(out, "labels.npy"), ckpt}, 2, "-o:", true},
		{"bad size", []string{"-o", o, "-size", "12", ckpt}, 2, "-size:", true},
		{"bad layout", []string{"-o", o, "-layout", "hwc", "-data", good, ckpt}, 2, "-layout:", true},
		{"missing checkpoint", []string{"-o", o, filepath.Join(dir, "none.safetensors")}, 1, "none.safetensors", false},
		{"garbage checkpoint", []string{"-o", o, garbage}, 1, "garbage.safetensors", false},
		{"missing data", []string{"-o", o, "-data", filepath.Join(dir, "none.csv"), ckpt}, 1, "none.csv", false},
		{"wrong shape", []string{"-o", o, "-data", small, "-label-column", "label", ckpt}, 1, "small.csv", false},
		{"bad label column", []string{"-o", o, "-data", good, "-label-column", "nope", ckpt}, 1, "d.csv", false},
		{"missing folder", []string{"-o", filepath.Join(out, "no", "codes.npy"), "-data", good, "-label-column", "label", ckpt}, 1, "-o:", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), c.args, &bytes.Buffer{}, &stderr)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			clitest.CheckFailure(t, stderr.String(), c.want, c.usage)
			if ents, _ := os.ReadDir(out); len(ents) != 0 {
				t.Errorf("files written: %v", ents)
			}
		})
	}
}

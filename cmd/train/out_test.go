package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/train"
)

// snapshot returns the contents of the files of dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range ents {
		files[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
	}
	return files
}

// sameFiles fails t unless dir holds exactly the files of want.
func sameFiles(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := snapshot(t, dir)
	if len(got) != len(want) {
		t.Errorf("%s holds %d files, want %d", dir, len(got), len(want))
	}
	for n, b := range want {
		if !bytes.Equal(got[n], b) {
			t.Errorf("%s/%s changed", dir, n)
		}
	}
}

// TestNewRunKeepsFinishedRun: a new run into the default folder of a
// finished run writes into a numbered folder; into an explicit -out that
// holds a run it is refused without -overwrite; into a folder that holds
// something else it is refused; a resume continues in its folder (issue
// 23, defect 12).
func TestNewRunKeepsFinishedRun(t *testing.T) {
	data := tinyMNIST(t)
	t.Chdir(t.TempDir())
	common := []string{"-arch", "dense", "-epochs", "1", "-batch", "8", "-quiet", "-data", data}
	if r := runCLI(t, common...); r.code != exitOK {
		t.Fatalf("first run: exit %d\n%s", r.code, r.stderr)
	}
	first := filepath.Join("runs", "dense")
	done := snapshot(t, first)
	for _, n := range []string{"last.safetensors", "best.safetensors", "history.csv", "filters.png"} {
		if done[n] == nil {
			t.Fatalf("the first run left no %s in %s", n, first)
		}
	}
	for _, want := range []string{"dense-2", "dense-3"} {
		r := runCLI(t, common...)
		if r.code != exitOK {
			t.Fatalf("run into %s: exit %d\n%s", want, r.code, r.stderr)
		}
		dir := filepath.Join("runs", want)
		if !strings.Contains(r.stderr, first+" holds an earlier run") || !strings.Contains(r.stderr, dir) {
			t.Errorf("the log does not tell that the run went into %s:\n%s", dir, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "best.safetensors")); err != nil {
			t.Errorf("the run left no checkpoint in %s: %v", dir, err)
		}
		sameFiles(t, first, done)
	}

	// an explicit -out holding a run
	r := runCLI(t, append(common, "-out", first)...)
	if r.code != exitUsage || !strings.Contains(r.stderr, "-out: "+first+" holds a run") || !strings.Contains(r.stderr, "-overwrite") {
		t.Fatalf("-out %s: exit %d, want %d and an error naming -out and -overwrite:\n%s", first, r.code, exitUsage, r.stderr)
	}
	sameFiles(t, first, done)
	if r := runCLI(t, append(common, "-out", first, "-overwrite", "-epochs", "2")...); r.code != exitOK {
		t.Fatalf("-overwrite: exit %d\n%s", r.code, r.stderr)
	}
	if rows := historyRows(t, first); len(rows) != 2 {
		t.Errorf("-overwrite left a history of %d epochs, want 2", len(rows))
	}

	// a resume continues in the checkpoint's folder
	last := filepath.Join("runs", "dense-2", "last.safetensors")
	if r := runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-data", data); r.code != exitOK {
		t.Fatalf("resume: exit %d\n%s", r.code, r.stderr)
	}
	if rows := historyRows(t, filepath.Join("runs", "dense-2")); len(rows) != 2 {
		t.Errorf("the resume left %d epochs in runs/dense-2, want 2", len(rows))
	}
	if _, err := os.Stat(filepath.Join("runs", "dense-4")); err == nil {
		t.Error("the resume made runs/dense-4")
	}

	// folders that hold no run are refused, -overwrite or not
	notes := t.TempDir()
	if err := os.WriteFile(filepath.Join(notes, "notes.txt"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	kept := snapshot(t, notes)
	for _, out := range []string{notes, string(filepath.Separator)} {
		for _, extra := range [][]string{nil, {"-overwrite"}} {
			r := runCLI(t, append(append(common, "-out", out), extra...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, "-out: "+out+" is not empty") {
				t.Fatalf("-out %s %v: exit %d, want %d and an error naming -out %s:\n%s", out, extra, r.code, exitUsage, out, r.stderr)
			}
		}
	}
	sameFiles(t, notes, kept)
	if _, err := os.Stat(filepath.Join(string(filepath.Separator), train.LockFile)); err == nil {
		t.Error("a refused run left a lock file in /")
	}
}

// TestEmptyOutIsDefault: an explicit empty -out is the default, so a
// second run goes into runs/<arch>-2 as it does without -out (defect 7).
func TestEmptyOutIsDefault(t *testing.T) {
	data := tinyMNIST(t)
	t.Chdir(t.TempDir())
	common := []string{"-arch", "dense", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-data", data, "-out", ""}
	for _, want := range []string{"dense", "dense-2"} {
		if r := runCLI(t, common...); r.code != exitOK {
			t.Fatalf("run into %s: exit %d\n%s", want, r.code, r.stderr)
		}
		if _, err := os.Stat(filepath.Join("runs", want, "last.safetensors")); err != nil {
			t.Errorf("-out '': %v", err)
		}
	}
}

package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOutputs: outputs move into their folder together on Commit, and not
// at all on Abort or when one would replace a folder.
func TestOutputs(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.csv", "b.json", "old.png", "user.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte("old "+n), 0o644)
	}
	write := func(o *Outputs, name string) {
		if err := os.WriteFile(o.Path(name), []byte("new "+name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// aborted: nothing changes
	o, err := NewOutputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	write(o, "a.csv")
	o.Abort()
	if got := names(t, dir); !slices.Equal(got, []string{"a.csv", "b.json", "old.png", "user.txt"}) || read(t, filepath.Join(dir, "a.csv")) != "old a.csv" {
		t.Errorf("after Abort: %v", got)
	}
	// one output would replace a folder: nothing changes
	os.Mkdir(filepath.Join(dir, "c.png"), 0o755)
	o, _ = NewOutputs(dir)
	write(o, "a.csv")
	write(o, "c.png")
	if _, err := o.Commit(); err == nil || !strings.Contains(err.Error(), "c.png is a folder") {
		t.Errorf("over a folder: %v", err)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.csv", "b.json", "c.png", "old.png", "user.txt"}) || read(t, filepath.Join(dir, "a.csv")) != "old a.csv" {
		t.Errorf("after a failed Commit: %v", got)
	}
	os.Remove(filepath.Join(dir, "c.png"))
	// committed: replaced, the stale picture removed, the user's file kept
	o, _ = NewOutputs(dir)
	write(o, "a.csv")
	write(o, "b.json")
	write(o, "c.png")
	files, err := o.Commit("old.png", "c.png", "never.png")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.json"), filepath.Join(dir, "c.png")}
	if !slices.Equal(files, want) {
		t.Errorf("Commit returned %v, want %v", files, want)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.csv", "b.json", "c.png", "user.txt"}) {
		t.Errorf("after Commit: %v", got)
	}
	for _, n := range []string{"a.csv", "b.json", "c.png"} {
		if s := read(t, filepath.Join(dir, n)); s != "new "+n {
			t.Errorf("%s: %q", n, s)
		}
	}
	// into a folder that does not exist: made whole, with its mode
	fresh := filepath.Join(t.TempDir(), "x", "y")
	o, err = NewOutputs(fresh)
	if err != nil {
		t.Fatal(err)
	}
	write(o, "a.csv")
	if _, err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, filepath.Dir(fresh)); !slices.Equal(got, []string{"y"}) {
		t.Errorf("beside the new folder: %v", got)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o755 || read(t, filepath.Join(fresh, "a.csv")) != "new a.csv" {
		t.Errorf("the new folder: %v, %v", fi.Mode(), err)
	}
	// a file where the folder should be
	if _, err := NewOutputs(filepath.Join(dir, "user.txt")); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("a file as the folder: %v", err)
	}
}

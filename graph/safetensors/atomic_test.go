package safetensors

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

func TestWriteFileAtomicNewAndReplaced(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.csv")
	if err := WriteFileAtomic(path, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a\n" {
		t.Fatalf("file holds %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "b\n" {
		t.Fatalf("replaced file holds %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want its own 0600", fi.Mode().Perm())
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"history.csv"}) {
		t.Errorf("directory holds %q", names)
	}
}

// TestWriteAtomicFailures checks that every failure leaves the old file,
// or no file, and no temporary file.
func TestWriteAtomicFailures(t *testing.T) {
	errDisk := errors.New("disk full")
	failing := func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return errDisk
	}
	for _, old := range []bool{true, false} {
		name := "no old file"
		if old {
			name = "old file"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "last.safetensors")
			var want []string
			if old {
				if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
				want = []string{"last.safetensors"}
			}
			if err := writeAtomic(path, 0o644, failing); !errors.Is(err, errDisk) {
				t.Fatalf("writeAtomic = %v, want the writer's error", err)
			}
			if names := dirNames(t, dir); !slices.Equal(names, want) {
				t.Errorf("directory holds %q, want %q", names, want)
			}
			if b, _ := os.ReadFile(path); old && string(b) != "old" {
				t.Errorf("old file now holds %q", b)
			}
		})
	}
	t.Run("missing directory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "no", "history.csv")
		err := WriteFileAtomic(path, []byte("x"), 0o644)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != path || !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("WriteFileAtomic = %v, want a *fs.PathError naming %s wrapping fs.ErrNotExist", err, path)
		}
	})
	t.Run("path is a directory", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "sub")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(path, []byte("x"), 0o644); err == nil {
			t.Fatal("WriteFileAtomic over a directory succeeded")
		}
		if names := dirNames(t, dir); !slices.Equal(names, []string{"sub"}) {
			t.Errorf("directory holds %q", names)
		}
	})
}

func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		"last.safetensors", ".last.safetensors.tmp123", ".last.safetensors.tmp", ".last.safetensors.tmp12x",
		".best.safetensors.tmp9", ".history.csv.tmp4294967295", ".other.tmp5", "last.safetensors.tmp7",
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, ".last.safetensors.tmp77"), 0o755); err != nil {
		t.Fatal(err)
	}
	removed, err := RemoveStaleTemps(dir, "last.safetensors", "best.safetensors", "history.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".best.safetensors.tmp9", ".history.csv.tmp4294967295", ".last.safetensors.tmp123"}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	kept := []string{".last.safetensors.tmp", ".last.safetensors.tmp12x", ".last.safetensors.tmp77", ".other.tmp5", "last.safetensors", "last.safetensors.tmp7"}
	if names := dirNames(t, dir); !slices.Equal(names, kept) {
		t.Errorf("directory holds %q, want %q", names, kept)
	}
	for _, bad := range []string{"", "a/b", "..", "."} {
		if _, err := RemoveStaleTemps(dir, bad); err == nil {
			t.Errorf("RemoveStaleTemps(%q): want an error", bad)
		}
	}
	if _, err := RemoveStaleTemps(filepath.Join(dir, "missing"), "x"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v", err)
	}
}

// TestKilledWriter kills a process in the middle of a write: the old file
// stays whole, the temporary file stays behind, and RemoveStaleTemps
// removes it.
func TestKilledWriter(t *testing.T) {
	if dir := os.Getenv("SAFETENSORS_KILLED_WRITER_DIR"); dir != "" {
		writeAtomic(filepath.Join(dir, "last.safetensors"), 0o644, func(w io.Writer) error {
			w.Write([]byte("the first half"))
			os.Stdout.WriteString("writing\n")
			select {} // until killed
		})
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable to re-run:", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "last.safetensors")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestKilledWriter$")
	cmd.Env = append(os.Environ(), "SAFETENSORS_KILLED_WRITER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	if line != "writing\n" {
		t.Fatalf("child said %q, %v", line, err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, []byte("old")) {
		t.Fatalf("after the kill the file holds %q", b)
	}
	names := dirNames(t, dir)
	if len(names) != 2 {
		t.Fatalf("directory holds %q, want the file and a temporary file", names)
	}
	removed, err := RemoveStaleTemps(dir, "last.safetensors")
	if err != nil || len(removed) != 1 {
		t.Fatalf("RemoveStaleTemps = %q, %v", removed, err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"last.safetensors"}) {
		t.Errorf("directory holds %q", names)
	}
}

// TestAtomicFile: what an AtomicFile writes reaches its path at Close and
// not before; Abort leaves the old file; Abort after Close does nothing.
func TestAtomicFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("aborted"))
	f.Abort()
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Fatalf("after Abort the file holds %q", b)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"codes.csv"}) {
		t.Errorf("after Abort the directory holds %q", names)
	}
	if f, err = CreateAtomic(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Fatalf("before Close the file holds %q", b)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f.Abort()
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("after Close the file holds %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file has mode %v, want its own 0600", fi.Mode().Perm())
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"codes.csv"}) {
		t.Errorf("after Close the directory holds %q", names)
	}
}

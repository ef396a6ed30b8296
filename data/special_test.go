//go:build unix

package data

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// openWithin runs Open and fails the test if it does not return within
// a few seconds (a reader blocked on a FIFO, or filling memory).
func openWithin(t *testing.T, path string, opt Options) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Open(path, opt)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("Open(%s) still running after 5 s", path)
		return nil
	}
}

// TestOpenNotRegular guards issue 23: a FIFO, a device or a symlink to
// one, given as data or found in a folder of data, is refused with an
// error naming it, instead of blocking or reading forever.
func TestOpenNotRegular(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	mkfifo := func(t *testing.T, path string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	symlink := func(t *testing.T, target, path string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, path); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
	tests := []struct {
		name  string
		make  func(t *testing.T, dir string)
		path  string // what Open is given, relative to the folder
		bad   string // the file the error names
		wantE string
	}{
		{name: "fifo", make: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "x.npy")) }, path: "x.npy", bad: "x.npy", wantE: "named pipe"},
		{name: "fifo csv", make: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "x.csv")) }, path: "x.csv", bad: "x.csv", wantE: "named pipe"},
		{name: "zero csv", make: func(t *testing.T, dir string) { symlink(t, "/dev/zero", filepath.Join(dir, "x.csv")) }, path: "x.csv", bad: "x.csv", wantE: "device"},
		{name: "zero npy", make: func(t *testing.T, dir string) { symlink(t, "/dev/zero", filepath.Join(dir, "x.npy")) }, path: "x.npy", bad: "x.npy", wantE: "device"},
		{name: "fifo image", make: func(t *testing.T, dir string) {
			savePNG(t, filepath.Join(dir, "imgs", "cat", "a.png"), grey(2, 2))
			mkfifo(t, filepath.Join(dir, "imgs", "cat", "b.png"))
		}, path: "imgs", bad: "imgs/cat/b.png", wantE: "named pipe"},
		{name: "zero image", make: func(t *testing.T, dir string) {
			savePNG(t, filepath.Join(dir, "imgs", "a.png"), grey(2, 2))
			symlink(t, "/dev/zero", filepath.Join(dir, "imgs", "b.png"))
		}, path: "imgs", bad: "imgs/b.png", wantE: "device"},
		{name: "fifo idx", make: func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "mnist", "train-images-idx3-ubyte")) },
			path: "mnist", bad: "mnist/train-images-idx3-ubyte", wantE: "named pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.make(t, dir)
			err := openWithin(t, filepath.Join(dir, tt.path), Options{})
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != filepath.Join(dir, tt.bad) {
				t.Fatalf("error %v, want a *FileError naming %s", err, filepath.Join(dir, tt.bad))
			}
			if !strings.Contains(err.Error(), "not a regular file") || !strings.Contains(err.Error(), tt.wantE) {
				t.Errorf("error %q, want \"not a regular file\" and %q", err, tt.wantE)
			}
		})
	}
}

// TestOpenSymlinkToFile checks that a symlink to a regular file is read
// as the file.
func TestOpenSymlinkToFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real.csv"), []byte("a,b\n1,2\n"))
	if err := os.Symlink(filepath.Join(dir, "real.csv"), filepath.Join(dir, "x.csv")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	s, err := Open(filepath.Join(dir, "x.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Train.X; len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("read %v, want [1 2]", got)
	}
}

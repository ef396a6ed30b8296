package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBCEOutsideUnit: a bce net on data that its scaling leaves outside
// [0, 1] is a bad flag naming -loss and -scale and the values' range, and
// writes nothing; streamed data are refused at the row that leaves it, and
// no checkpoint is written (issue 23, defect 3a).
func TestBCEOutsideUnit(t *testing.T) {
	dir := t.TempDir()
	csv := writeCSV(t, dir, 40)
	wide := make([][]float32, 40)
	for i := range wide {
		wide[i] = []float32{0.5, float32(i) / 10, 0.25}
	}
	npy := writeNPYFile(t, filepath.Join(dir, "wide.npy"), wide)
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"standard", []string{"-data", csv, "-label-column", "kind", "-scale", "standard"},
			[]string{"-loss bce needs targets in [0, 1]", "-scale standard has values from -", "use -scale minmax or -loss mse"}},
		{"none", []string{"-data", csv, "-label-column", "kind", "-scale", "none"},
			[]string{"-loss bce needs targets in [0, 1]", "-scale none has values from -", " to 993", "use -scale minmax or -loss mse"}},
		{"validation beyond the training range", []string{"-data", csv, "-label-column", "kind", "-val-split-kind", "tail"},
			[]string{"-loss bce needs targets in [0, 1]", "the validation data scaled by -scale minmax has values from", "use -loss mse"}},
		{"streamed", []string{"-data", npy, "-stream", "-scale", "none", "-val-split", "0.5", "-val-split-kind", "tail"},
			[]string{"-loss bce needs targets in [0, 1]", "-scale none", "row 11", "use -scale minmax or -loss mse"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			r := runCLI(t, append([]string{"-arch", "dense", "-epochs", "2", "-batch", "8", "-quiet", "-out", out}, c.args...)...)
			if r.code != exitUsage {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, r.stderr)
				}
			}
			for _, f := range []string{"last.safetensors", "best.safetensors", "history.csv"} {
				if _, err := os.Stat(filepath.Join(out, f)); err == nil {
					t.Errorf("the refused run wrote %s", f)
				}
			}
		})
	}
	// mse takes any targets
	out := filepath.Join(t.TempDir(), "run")
	if r := runCLI(t, "-arch", "dense", "-loss", "mse", "-scale", "standard", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-data", csv, "-label-column", "kind", "-out", out); r.code != exitOK {
		t.Errorf("-loss mse -scale standard: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
}

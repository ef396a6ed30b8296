package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// TestBCEOutsideUnit: a -loss bce the user chose, on data that its
// scaling leaves outside [0, 1], is a bad flag naming -loss and -scale and
// the values' range, with advice that does not go in a circle, and writes
// nothing; streamed data are refused at the row that leaves it, and no
// checkpoint is written (issue 23, defect 3a).
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
			[]string{"-loss bce needs targets in [0, 1]", "-scale standard has values from -", "use -loss mse, or -scale minmax"}},
		{"none", []string{"-data", csv, "-label-column", "kind", "-scale", "none"},
			[]string{"-loss bce needs targets in [0, 1]", "-scale none has values from -", " to 993", "use -loss mse, or -scale minmax"}},
		{"validation beyond the training range", []string{"-data", csv, "-label-column", "kind", "-val-split-kind", "tail"},
			[]string{"-loss bce needs targets in [0, 1]", "the validation data scaled by -scale minmax has values from", "use -loss mse\n"}},
		{"streamed", []string{"-data", npy, "-stream", "-scale", "none", "-val-split", "0.5", "-val-split-kind", "tail"},
			[]string{"-loss bce needs targets in [0, 1]", "-scale none", "row 11", "use -loss mse, or -scale minmax"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			r := runCLI(t, append([]string{"-arch", "dense", "-loss", "bce", "-epochs", "2", "-batch", "8", "-quiet", "-out", out}, c.args...)...)
			if r.code != exitUsage {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not say %q:\n%s", w, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "-scale minmax has") && strings.Contains(r.stderr, "use -scale minmax") {
				t.Errorf("minmax data are told to use -scale minmax:\n%s", r.stderr)
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

// specLoss returns the loss and the output activation of the spec that
// the checkpoint at path records.
func specLoss(t *testing.T, path string) (string, string) {
	t.Helper()
	c, err := checkpoint.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := nets.SpecOf(c.Model)
	if err != nil {
		t.Fatal(err)
	}
	return s.LossName(), string(s.OutputActivation())
}

// TestAutoLoss: a named net's built-in bce on data that its scaling leaves
// outside [0, 1] (validation rows beyond the training range) trains with
// mse and a linear output, saying so in one warning, and the checkpoint
// records mse; a loss the user chose, by -loss or in a spec file, is
// refused instead (defect 1).
func TestAutoLoss(t *testing.T) {
	dir := t.TempDir()
	csv := writeCSV(t, dir, 40)
	data := []string{"-data", csv, "-label-column", "kind", "-val-split-kind", "tail", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures"}
	out := filepath.Join(dir, "auto")
	r := runCLI(t, append([]string{"-arch", "dense", "-out", out}, data...)...)
	if r.code != exitOK {
		t.Fatalf("-arch dense on tabular data: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stderr, "training with the mse loss and a linear output instead"); n != 1 {
		t.Errorf("%d warnings of the switch to mse, want 1:\n%s", n, r.stderr)
	}
	for _, w := range []string{"level=warning", "validation data scaled by minmax", "to keep bce", "-scale minmax"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("the warning does not say %q:\n%s", w, r.stderr)
		}
	}
	if loss, act := specLoss(t, filepath.Join(out, "last.safetensors")); loss != "mse" || act != "linear" {
		t.Errorf("the checkpoint records loss %s and output %s, want mse and linear", loss, act)
	}
	chosen := filepath.Join(dir, "bce.json")
	if err := os.WriteFile(chosen, []byte(`{"encoder":[{"type":"dense","units":3,"activation":"relu"}],"decoder":[{"type":"dense"}],"loss":"bce"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	unset := filepath.Join(dir, "unset.json")
	if err := os.WriteFile(unset, []byte(`{"encoder":[{"type":"dense","units":3,"activation":"relu"}],"decoder":[{"type":"dense"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
	}{{[]string{"-arch", "dense", "-loss", "bce"}, exitUsage}, {[]string{"-arch", chosen}, exitUsage}, {[]string{"-arch", unset}, exitOK}} {
		r := runCLI(t, append(append(c.args, "-out", filepath.Join(t.TempDir(), "run")), data...)...)
		if r.code != c.code {
			t.Errorf("%v: exit code %d, want %d; stderr:\n%s", c.args, r.code, c.code, r.stderr)
		}
	}
}

// TestAutoLossStreamed: a streamed set is read for its range before
// training, so that a named net's bce switches to mse there too.
func TestAutoLossStreamed(t *testing.T) {
	rows := make([][]float32, 40)
	for i := range rows {
		rows[i] = []float32{0.5, float32(i) / 10, 0.25}
	}
	npy := writeNPYFile(t, filepath.Join(t.TempDir(), "wide.npy"), rows)
	out := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, "-arch", "dense", "-data", npy, "-stream", "-scale", "none", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-out", out)
	if r.code != exitOK || !strings.Contains(r.stderr, "training with the mse loss") {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if loss, _ := specLoss(t, filepath.Join(out, "last.safetensors")); loss != "mse" {
		t.Errorf("the checkpoint records loss %s, want mse", loss)
	}
}

// TestStreamedRowOfFile: a streamed row outside [0, 1] is named by its row
// in the file, not by its place among the training rows after the split
// (defect 3).
func TestStreamedRowOfFile(t *testing.T) {
	rows := make([][]float32, 200)
	for i := range rows {
		v := float32(0.5)
		if i >= 190 {
			v = 50
		}
		rows[i] = []float32{v, v, v}
	}
	npy := writeNPYFile(t, filepath.Join(t.TempDir(), "st.npy"), rows)
	r := runCLI(t, "-arch", "dense", "-loss", "bce", "-data", npy, "-stream", "-scale", "none", "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-out", filepath.Join(t.TempDir(), "run"))
	m := regexp.MustCompile(`row (\d+) of the data`).FindStringSubmatch(r.stderr)
	if r.code != exitUsage || m == nil {
		t.Fatalf("exit code %d, want %d and a row; stderr:\n%s", r.code, exitUsage, r.stderr)
	}
	if row, _ := strconv.Atoi(m[1]); row < 190 {
		t.Errorf("the error names row %d; rows 190 to 199 hold 50:\n%s", row, r.stderr)
	}
}

// TestConvOnTabular: the default conv net on tabular data points to the
// dense nets.
func TestConvOnTabular(t *testing.T) {
	csv := writeCSV(t, t.TempDir(), 20)
	r := runCLI(t, "-data", csv, "-label-column", "kind", "-epochs", "1", "-out", filepath.Join(t.TempDir(), "run"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "for tabular data use -arch dense or -layers") {
		t.Errorf("exit code %d, want %d and a hint; stderr:\n%s", r.code, exitUsage, r.stderr)
	}
}

// TestHugeValues: values near float32's limit, unscaled, make the first
// batch's loss infinite: the error has the command's prefix alone and
// names -scale (defect 6).
func TestHugeValues(t *testing.T) {
	rows := make([][]float32, 40)
	for i := range rows {
		rows[i] = []float32{3e38, -3e38, 3e38}
		if i%2 == 1 {
			rows[i][0], rows[i][1] = -3e38, 3e38
		}
	}
	npy := writeNPYFile(t, filepath.Join(t.TempDir(), "big.npy"), rows)
	for _, scale := range []string{"none", "unit"} {
		r := runCLI(t, "-arch", "dense", "-loss", "mse", "-data", npy, "-scale", scale, "-epochs", "1", "-batch", "8", "-quiet", "-no-pictures", "-out", filepath.Join(t.TempDir(), "run"))
		if r.code != exitFailure {
			t.Errorf("-scale %s: exit code %d, want %d; stderr:\n%s", scale, r.code, exitFailure, r.stderr)
		}
		all := lines(r.stderr)
		last := all[len(all)-1]
		if strings.Count(last, "train:") != 1 || !strings.HasPrefix(last, "train: epoch 1, batch 1: loss") ||
			!strings.Contains(last, "may be too large for -scale "+scale) {
			t.Errorf("-scale %s: the error is %q, want one prefix and a pointer to -scale", scale, last)
		}
	}
}

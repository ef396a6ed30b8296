package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// bottleneckJSON is a spec with a dense bottleneck after two stride-2
// convolutions and a Conv2DTranspose decoder.
const bottleneckJSON = `{
  "encoder": [
    {"type": "conv2d", "filters": 8, "kernel": 3, "stride": 2, "activation": "relu"},
    {"type": "conv2d", "filters": 8, "kernel": 3, "stride": 2, "activation": "relu"},
    {"type": "flatten"},
    {"type": "dense", "units": 16, "activation": "relu"}
  ],
  "decoder": [
    {"type": "dense", "units": 392, "activation": "relu"},
    {"type": "reshape", "shape": [8, 7, 7]},
    {"type": "conv2d_transpose", "filters": 8, "kernel": 3, "stride": 2, "activation": "relu"},
    {"type": "conv2d_transpose", "kernel": 3, "stride": 2, "activation": "sigmoid"}
  ],
  "loss": "bce",
  "batch": 8
}`

// TestSpecFile: -arch my.json trains, validates, draws its pictures and
// resumes to the weights of a run that never stopped.
func TestSpecFile(t *testing.T) {
	dir := tinyMNIST(t)
	spec := filepath.Join(t.TempDir(), "my.json")
	if err := os.WriteFile(spec, []byte(bottleneckJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	straight := filepath.Join(t.TempDir(), "straight")
	r := runCLI(t, "-arch", spec, "-epochs", "2", "-data", dir, "-out", straight)
	if r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Model: \""+spec+"\"") || !strings.Contains(r.stdout, "decoder/convt1 (Conv2DTranspose)") {
		t.Errorf("no summary of the spec:\n%s", r.stdout)
	}
	if rows := historyRows(t, straight); len(rows) != 2 {
		t.Fatalf("history %q", rows)
	}
	for _, f := range []string{"reconstructions.png", "filters.png", "codes.png", "loss.png"} {
		if _, err := os.Stat(filepath.Join(straight, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
	out := filepath.Join(t.TempDir(), "run")
	if r := runCLI(t, "-arch", spec, "-epochs", "1", "-quiet", "-data", dir, "-out", out); r.code != exitOK {
		t.Fatalf("first epoch: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if r := runCLI(t, "-resume", filepath.Join(out, "last.safetensors"), "-epochs", "2", "-quiet", "-data", dir, "-out", out); r.code != exitOK {
		t.Fatalf("resume: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	a, err := nets.Load(filepath.Join(straight, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := nets.Load(filepath.Join(out, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range a.Params().Names() {
		wa, wb := a.Params().Data(name), b.Params().Data(name)
		for i := range wa {
			if wa[i] != wb[i] {
				t.Fatalf("%s[%d]: %v straight, %v resumed", name, i, wa[i], wb[i])
			}
		}
	}
}

// TestLayers: -layers 256,64,16 is a mirrored dense stack on the data's
// size.
func TestLayers(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, "-layers", "256,64,16", "-epochs", "1", "-batch", "8", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"encoder/dense2 (Dense)", "(None, 16)", "decoder/dense2 (Dense)", "(None, 784)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "codes.png")); err != nil {
		t.Error(err)
	}
}

func TestArchList(t *testing.T) {
	r := runCLI(t, "-arch", "list")
	if r.code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	ls := lines(r.stdout)
	if len(ls) != len(nets.Names()) {
		t.Fatalf("%d lines for %d named specs:\n%s", len(ls), len(nets.Names()), r.stdout)
	}
	for i, name := range nets.Names() {
		if !strings.HasPrefix(ls[i], name+" ") {
			t.Errorf("line %d is %q, want the spec %s", i, ls[i], name)
		}
	}
}

// TestBadSpecFiles: a bad spec is a one-line error naming the layer index
// and the field, or the line and column of bad JSON.
func TestBadSpecFiles(t *testing.T) {
	for _, c := range []struct{ name, json, want string }{
		{"syntax", "{\n \"encoder\": [,]\n}", "line 2"},
		{"unknown layer", `{"encoder": [{"type": "lstm"}], "decoder": [{"type": "dense", "activation": "sigmoid"}]}`, "encoder layer 0, type"},
		{"unknown activation", `{"encoder": [{"type": "dense", "units": 4, "activation": "swish9"}], "decoder": [{"type": "dense", "activation": "sigmoid"}]}`, "encoder layer 0, activation"},
		{"pool to nothing", `{"encoder": [{"type": "maxpool2d", "size": 64, "padding": "valid"}], "decoder": [{"type": "conv2d", "kernel": 3, "activation": "sigmoid"}]}`, "encoder layer 0, size"},
		{"shapes do not fit", `{"encoder": [{"type": "conv2d", "filters": 4, "kernel": 3}, {"type": "dense", "units": 3}], "decoder": [{"type": "dense", "activation": "sigmoid"}]}`, "encoder layer 1, type"},
		{"explicit zero epochs", `{"encoder": [{"type": "dense", "units": 4}], "decoder": [{"type": "dense", "activation": "sigmoid"}], "epochs": 0, "batch": 0}`, `"epochs": an explicit 0`},
		{"explicit zero stride", `{"encoder": [{"type": "conv2d", "filters": 4, "kernel": 3, "stride": 0}], "decoder": [{"type": "conv2d", "kernel": 3, "activation": "sigmoid"}]}`, `encoder layer 0, "stride": an explicit 0`},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := filepath.Join(t.TempDir(), "bad.json")
			if err := os.WriteFile(spec, []byte(c.json), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "run")
			r := runCLI(t, "-arch", spec, "-data", tinyMNIST(t), "-out", out)
			if r.code != exitUsage {
				t.Errorf("exit code %d, want %d", r.code, exitUsage)
			}
			ls := lines(r.stderr)
			if len(ls) != 2 || !strings.Contains(ls[0], "-arch") || !strings.Contains(ls[0], c.want) {
				t.Errorf("stderr %q: want one error naming -arch and %q, and the hint", r.stderr, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a bad spec created the -out folder")
			}
		})
	}
}

// TestSpecLearningRate: a spec's own learning rate is the run's unless -lr
// says otherwise.
func TestSpecLearningRate(t *testing.T) {
	dir := tinyMNIST(t)
	spec := filepath.Join(t.TempDir(), "lr.json")
	if err := os.WriteFile(spec, []byte(`{"encoder": [{"type": "dense", "units": 4, "activation": "relu"}], "decoder": [{"type": "dense", "activation": "sigmoid"}], "lr": 0.05}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{{nil, "0.05"}, {[]string{"-lr", "0.002"}, "0.002"}} {
		out := filepath.Join(t.TempDir(), "run")
		r := runCLI(t, append([]string{"-arch", spec, "-epochs", "1", "-quiet", "-no-pictures", "-data", dir, "-out", out}, c.args...)...)
		if r.code != exitOK {
			t.Fatal(r.stderr)
		}
		ck, err := checkpoint.Read(filepath.Join(out, "last.safetensors"))
		if err != nil {
			t.Fatal(err)
		}
		if got := ck.Meta[checkpoint.MetaLR]; got != c.want {
			t.Errorf("%v: learning rate %s, want %s", c.args, got, c.want)
		}
	}
}

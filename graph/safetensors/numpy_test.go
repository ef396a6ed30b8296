package safetensors

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

const python = "/usr/bin/python3"

// numpyScript parses the safetensors file argv[1] with json, struct and
// numpy only, checks the layout and prints the contents as JSON.
const numpyScript = `
import json, struct, sys, numpy as np
b = open(sys.argv[1], "rb").read()
(n,) = struct.unpack("<Q", b[:8])
assert n % 8 == 0, n
hdr = json.loads(b[8:8+n])
meta = hdr.pop("__metadata__", {})
buf, out, pos = b[8+n:], {}, 0
for name in sorted(hdr, key=lambda k: hdr[k]["data_offsets"]):
    t = hdr[name]
    s, e = t["data_offsets"]
    assert t["dtype"] == "F32" and s == pos, (name, t, pos)
    a = np.frombuffer(buf[s:e], dtype="<f4").reshape(t["shape"])
    out[name] = {"shape": list(a.shape), "data": a.ravel().tolist()}
    pos = e
assert pos == len(buf)
print(json.dumps({"tensors": out, "metadata": meta}))
`

// TestNumpy checks that numpy reads Write's output. It is skipped unless
// /usr/bin/python3 with numpy is installed.
func TestNumpy(t *testing.T) {
	if err := exec.Command(python, "-c", "import numpy").Run(); err != nil {
		t.Skipf("%s with numpy not available: %v", python, err)
	}
	f := &File{
		Tensors: map[string]Tensor{
			"enc/w": {Shape: []int{2, 3}, Data: []float32{1, -2.5, 3, 0.125, 1e-3, 6e7}},
			"enc/b": {Shape: []int{3}, Data: []float32{0.1, 0.2, 0.3}},
			"step":  {Shape: []int{}, Data: []float32{42}},
			"none":  {Shape: []int{0, 4}, Data: nil},
			"cube":  {Shape: []int{2, 2, 2}, Data: seq(8)},
		},
		Metadata: map[string]string{"format": "pt", "note": "ünïcode \"quoted\""},
	}
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := WriteFile(path, f); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python, "-c", numpyScript, path)
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.Bytes())
	}
	var got struct {
		Tensors map[string]struct {
			Shape []int
			Data  []float64
		}
		Metadata map[string]string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("parsing python output %q: %v", out, err)
	}
	if len(got.Tensors) != len(f.Tensors) {
		t.Errorf("numpy read %d tensors, want %d", len(got.Tensors), len(f.Tensors))
	}
	for name, want := range f.Tensors {
		g := got.Tensors[name]
		if !slices.Equal(g.Shape, want.Shape) {
			t.Errorf("%s: numpy shape %v, want %v", name, g.Shape, want.Shape)
		}
		if len(g.Data) != len(want.Data) {
			t.Errorf("%s: numpy has %d values, want %d", name, len(g.Data), len(want.Data))
			continue
		}
		for i, v := range g.Data {
			if math.Float32bits(float32(v)) != math.Float32bits(want.Data[i]) {
				t.Errorf("%s[%d]: numpy %v, want %v", name, i, v, want.Data[i])
			}
		}
	}
	if len(got.Metadata) != len(f.Metadata) {
		t.Errorf("numpy metadata %v, want %v", got.Metadata, f.Metadata)
	}
	for k, v := range f.Metadata {
		if got.Metadata[k] != v {
			t.Errorf("metadata %q: numpy %q, want %q", k, got.Metadata[k], v)
		}
	}
}

package nets_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// TestONNXTorch: the PyTorch peer's dense, conv and conv-t models, as
// torch.onnx.export writes them (testdata/onnx/torch_export.py), import
// and reconstruct within 1e-5 of PyTorch's own output: train in PyTorch,
// serve from Go.
func TestONNXTorch(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import torch, numpy").Run(); err != nil {
		t.Skip("python3-torch is missing: the torch.onnx.export files are not made (apt-get install python3-torch libopenblas0-pthread)")
	}
	dir := t.TempDir()
	if b, err := exec.Command(py, filepath.Join("testdata", "onnx", "torch_export.py"), dir).CombinedOutput(); err != nil {
		t.Fatalf("torch_export.py: %v\n%s", err, b)
	}
	x := readF32(t, filepath.Join(dir, "x.f32"))
	for _, name := range []string{"dense", "conv", "conv-t"} {
		a, err := nets.Load(filepath.Join(dir, name+".onnx"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer a.Close()
		got, err := a.ReconstructRaw(x)
		if err != nil {
			t.Fatal(err)
		}
		want := readF32(t, filepath.Join(dir, name+".out.f32"))
		if d := maxAbsDiff(got, want); d > 1e-5 {
			t.Errorf("%s: Go's reconstruction is %g from PyTorch's", name, d)
		}
		t.Logf("%s: %d layers, within %.2g of PyTorch", name, len(a.Spec().Encoder)+len(a.Spec().Decoder), maxAbsDiff(got, want))
	}
}

package train_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// TestTorchTrainingParity: the time-series specs, without dropout, trained
// in Go and in PyTorch (testdata/torch_train.py) from the same weights, on
// the same batches in the same order, with the same optimizer (Keras's
// Adam), give the same training and validation losses, epoch by epoch:
// what the loss, its gradients and the update compute, checked over a
// whole run rather than one step.
func TestTorchTrainingParity(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import torch, numpy").Run(); err != nil {
		t.Skip("python3-torch is missing (apt-get install python3-torch libopenblas0-pthread)")
	}
	for _, arch := range []string{"conv1d-ts", "lstm-ts"} {
		t.Run(arch, func(t *testing.T) {
			spec, err := nets.Named(arch)
			if err != nil {
				t.Fatal(err)
			}
			spec = withoutDropout(spec)
			spec.Epochs, spec.Batch = 4, 32
			tr, err := train.Prepare(spec, parityWindows(t, 32), train.FitOptions{NoShuffle: true, Scale: data.ScaleStandard, Log: quiet()})
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			dir := t.TempDir()
			writeParityInputs(t, dir, arch, tr)
			h, err := tr.Fit(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, filepath.Join("testdata", "torch_train.py"), dir).Output()
			if err != nil {
				t.Fatalf("torch_train.py: %v", err)
			}
			var want struct {
				Loss    []float64 `json:"loss"`
				ValLoss []float64 `json:"val_loss"`
			}
			if err := json.Unmarshal(out, &want); err != nil || len(want.Loss) != len(h.Epochs) || len(want.ValLoss) != len(h.Epochs) {
				t.Fatalf("torch_train.py printed %q (%v), want %d epochs' losses", out, err, len(h.Epochs))
			}
			for i, e := range h.Epochs {
				// float32 sums in another order, compounded over the run's
				// steps: 4e-6 seen under every kernel set
				if !near(e.Loss, want.Loss[i], 2e-5) || !near(e.ValLoss, want.ValLoss[i], 2e-5) {
					t.Errorf("epoch %d: loss %.7g, val_loss %.7g; PyTorch's %.7g, %.7g", i+1, e.Loss, e.ValLoss, want.Loss[i], want.ValLoss[i])
				}
			}
			last := h.Epochs[len(h.Epochs)-1]
			t.Logf("epoch %d: loss %.7g, val_loss %.7g; PyTorch's %.7g, %.7g", last.Epoch, last.Loss, last.ValLoss, want.Loss[len(want.Loss)-1], want.ValLoss[len(want.ValLoss)-1])
		})
	}
}

// near reports whether a is within rel of b, relatively.
func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Abs(b) }

// withoutDropout returns s without its dropout layers, whose masks the two
// frameworks draw differently.
func withoutDropout(s nets.Spec) nets.Spec {
	drop := func(ls []nets.Layer) (out []nets.Layer) {
		for _, l := range ls {
			if l.Type != nets.TypeDropout {
				out = append(out, l)
			}
		}
		return out
	}
	s.Encoder, s.Decoder = drop(s.Encoder), drop(s.Decoder)
	return s
}

// parityWindows is a noisy two-period series of 300 points cut into
// windows of w steps every step.
func parityWindows(t *testing.T, w int) *data.Split {
	s := &data.Series{Channels: 1, Source: "parity"}
	for i := range 300 {
		x := float64(i)
		s.X = append(s.X, float32(20+10*math.Sin(x/8)+3*math.Sin(x/3)+0.5*math.Sin(x*x)))
	}
	set, err := s.Windows(w, 1)
	if err != nil {
		t.Fatal(err)
	}
	return &data.Split{Train: set}
}

// writeParityInputs writes what torch_train.py reads into dir: the
// manifest, the net's initial parameters, and the scaled training and
// validation windows.
func writeParityInputs(t *testing.T, dir, arch string, tr *train.Training) {
	t.Helper()
	spec := tr.Net.Spec()
	adam, ok := tr.Trainer.Optimizer().(*train.Adam)
	if !ok {
		t.Fatalf("the spec trains with %s, torch_train.py runs Adam", tr.Trainer.Optimizer().Name())
	}
	cfg := tr.Trainer.Config()
	man := map[string]any{"arch": arch, "channels": spec.Input[0], "window": spec.Input[1], "batch": cfg.BatchSize,
		"epochs": cfg.Epochs, "lr": adam.LR, "beta1": adam.Beta1, "beta2": adam.Beta2, "epsilon": adam.Epsilon}
	var params []map[string]any
	var flat []float32
	p := tr.Net.Params()
	for _, name := range p.TrainableNames() {
		params = append(params, map[string]any{"name": name, "shape": p.Shape(name)})
		flat = append(flat, p.Data(name)...)
	}
	man["params"] = params
	b, err := json.Marshal(man)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "manifest.json"), b)
	writeFile(t, filepath.Join(dir, "params.f32"), f32Bytes(flat))
	writeFile(t, filepath.Join(dir, "train.f32"), f32Bytes(samples(t, tr.Train)))
	writeFile(t, filepath.Join(dir, "val.f32"), f32Bytes(samples(t, tr.Val)))
}

// samples returns the values of every sample of d, in order.
func samples(t *testing.T, d train.Dataset) []float32 {
	t.Helper()
	if d.X != nil {
		return d.X
	}
	x := make([]float32, d.Len()*d.Dim)
	if err := d.Rows.ReadRows(0, d.Len(), x); err != nil {
		t.Fatal(err)
	}
	return x
}

func f32Bytes(x []float32) []byte {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

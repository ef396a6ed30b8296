package nets_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// everyKind is a spec that uses every layer kind and every built-in
// activation, with strides, 'valid' padding, bias-free layers and batch
// normalisation of images and of vectors, with and without affine map,
// with its own epsilon and an activation, which the named specs do not.
func everyKind(t *testing.T) *nets.Autoencoder {
	t.Helper()
	s := nets.Spec{
		Input: []int{1, 8, 8},
		Encoder: []nets.Layer{nets.Conv(4, 3, graph.ReLU).WithStride(2), nets.BatchNorm(), nets.MaxPool(2).Valid(),
			nets.Dropout(0.1), nets.Flatten(), nets.Dense(6, graph.Tanh).NoBias()},
		Decoder: []nets.Layer{nets.Dense(16, graph.ELU), nets.BatchNorm().NoAffine(1e-4).WithActivation(graph.LeakyReLU01),
			nets.Reshape(4, 2, 2), nets.UpSample(2), nets.ConvTranspose(3, 3, 2, graph.LeakyReLU).Valid(),
			nets.Conv(2, 3, graph.Linear).NoBias(), nets.BatchNorm().WithActivation(graph.Sigmoid), nets.Conv(1, 2, graph.Softplus).Valid()},
		Loss: graph.MSE,
	}
	s.Decoder[len(s.Decoder)-2].Epsilon = 1e-5
	a := randomBiases(t, s)
	randomStats(t, a)
	return a
}

// randomStats draws a's batch norms' gamma and beta and moving statistics
// at random, so that they count.
func randomStats(t *testing.T, a *nets.Autoencoder) {
	t.Helper()
	rng := rand.New(rand.NewPCG(9, 10))
	p := a.Params()
	for _, name := range p.Names() {
		base := filepath.Base(name)
		if !slices.Contains([]string{"gamma", "beta", "moving_mean", "moving_var"}, base) {
			continue
		}
		d := slices.Clone(p.Data(name))
		for i := range d {
			d[i] = float32(rng.Float64() - 0.5)
			if base == "moving_var" || base == "gamma" {
				d[i] += 1
			}
		}
		if err := p.Set(name, p.Shape(name), d); err != nil {
			t.Fatal(err)
		}
	}
}

// TestONNXEveryKind: the spec of every kind round-trips bit for bit, reads
// back as a plain graph, passes onnx.checker and runs in ONNX Runtime as
// in Go.
func TestONNXEveryKind(t *testing.T) {
	a := everyKind(t)
	dir := t.TempDir()
	x := unitRows(100, 64, 5)
	want, err := a.ReconstructRaw(x)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.ONNX(nets.ONNXReconstruct)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string][]byte{"own.onnx": b, "plain.onnx": nets.StripONNXMetadata(b)}
	for name, data := range paths {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := nets.Load(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer got.Close()
		if name == "own.onnx" {
			sameWeights(t, a, got)
		} else {
			sameLayerSettings(t, a.Spec(), got.Spec())
		}
		r, err := got.ReconstructRaw(x)
		if err != nil {
			t.Fatal(err)
		}
		if d := maxAbsDiff(r, want); d > 1e-6 {
			t.Errorf("%s: the import reconstructs %g away", name, d)
		}
	}
	var files []string
	for _, g := range nets.ONNXGraphs {
		path := filepath.Join(dir, string(g)+".onnx")
		if err := a.WriteONNX(path, g); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	checkONNX(t, files...)
	script := ortScript(t)
	got := runORT(t, script, filepath.Join(dir, "reconstruct.onnx"), x, 64)
	if d := maxAbsDiff(got, want); d > 1e-5 {
		t.Errorf("ONNX Runtime's reconstruction is %g from Go's", d)
	}
	codes, _ := a.EncodeRaw(x)
	if d := maxAbsDiff(runORT(t, script, filepath.Join(dir, "encoder.onnx"), x, 64), codes); d > 1e-5 {
		t.Errorf("ONNX Runtime's codes are %g from Go's", d)
	}
}

// sameLayerSettings fails unless the layers of got, read from a plain
// graph, have want's kinds, activations (the last one's aside: the
// output's), biases, affine maps and epsilons; dropouts, which a plain
// graph does not keep, aside.
func sameLayerSettings(t *testing.T, want, got nets.Spec) {
	t.Helper()
	var w []nets.Layer
	for _, l := range append(slices.Clone(want.Encoder), want.Decoder...) {
		if l.Type != nets.TypeDropout {
			w = append(w, l)
		}
	}
	g := append(slices.Clone(got.Encoder), got.Decoder...)
	if len(g) != len(w) {
		t.Fatalf("%d layers read, want %d", len(g), len(w))
	}
	for i := range w {
		bias := func(l nets.Layer) bool { return l.Bias == nil || *l.Bias }
		affine := func(l nets.Layer) bool { return l.Affine == nil || *l.Affine }
		if g[i].Type != w[i].Type || i < len(w)-1 && g[i].Activation != w[i].Activation ||
			bias(g[i]) != bias(w[i]) || affine(g[i]) != affine(w[i]) || g[i].Epsilon != w[i].Epsilon {
			t.Errorf("layer %d read as %+v, want %+v", i, g[i], w[i])
		}
	}
}

// TestONNXExportErrors: what has no ONNX form is an error naming it.
func TestONNXExportErrors(t *testing.T) {
	a := onnxNet(t, "dense")
	if _, err := a.ONNX("both"); err == nil || !strings.Contains(err.Error(), `unknown graph "both"`) {
		t.Errorf("graph both: %v", err)
	}
}

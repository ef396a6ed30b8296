package nets_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// onnxNet returns the named spec's net for MNIST-shaped samples, or a
// sequence net's for windows of 288 steps of one channel (-window's
// default), its biases random so that every weight counts.
func onnxNet(t testing.TB, name string) *nets.Autoencoder {
	t.Helper()
	s, err := nets.Named(name)
	if err != nil {
		t.Fatal(err)
	}
	shape := []int{1, 28, 28}
	if s.Sequence() {
		shape = []int{1, 288}
	}
	if s, err = s.ForData(shape); err != nil {
		t.Fatal(err)
	}
	return randomBiases(t, s)
}

// sampleSize returns the number of values in one of a's samples.
func sampleSize(a *nets.Autoencoder) int {
	n := 1
	for _, d := range a.Spec().Input {
		n *= d
	}
	return n
}

// randomBiases builds s with its biases drawn from [-0.1, 0.1).
func randomBiases(t testing.TB, s nets.Spec) *nets.Autoencoder {
	t.Helper()
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	rng := rand.New(rand.NewPCG(7, 8))
	p := a.Params()
	for _, name := range p.Names() {
		if filepath.Base(name) != "b" {
			continue
		}
		d := slices.Clone(p.Data(name))
		for i := range d {
			d[i] = float32(rng.Float64()*0.2 - 0.1)
		}
		if err := p.Set(name, p.Shape(name), d); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// unitRows returns n rows of size values in [0, 1).
func unitRows(n, size int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, n*size)
	for i := range x {
		x[i] = rng.Float32()
	}
	return x
}

// sameWeights fails unless b holds a's weights, bit for bit.
func sameWeights(t *testing.T, a, b *nets.Autoencoder) {
	t.Helper()
	pa, pb := a.Params(), b.Params()
	if !slices.Equal(pa.Names(), pb.Names()) {
		t.Fatalf("weights %v, want %v", pb.Names(), pa.Names())
	}
	for _, name := range pa.Names() {
		if !slices.Equal(pa.Shape(name), pb.Shape(name)) {
			t.Fatalf("%s: shape %v, want %v", name, pb.Shape(name), pa.Shape(name))
		}
		for i, v := range pa.Data(name) {
			if math.Float32bits(v) != math.Float32bits(pb.Data(name)[i]) {
				t.Fatalf("%s[%d] = %v, want %v", name, i, pb.Data(name)[i], v)
			}
		}
	}
}

// TestONNXRoundTrip: every named spec's every graph, exported and read
// back, gives the same spec and weights bit for bit, and the same
// reconstructions.
func TestONNXRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, name := range nets.Names() {
		a := onnxNet(t, name)
		x := unitRows(5, sampleSize(a), 1)
		want, err := a.ReconstructRaw(x)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range nets.ONNXGraphs {
			path := filepath.Join(dir, name+"-"+string(g)+".onnx")
			if err := a.WriteONNX(path, g); err != nil {
				t.Fatalf("%s %s: %v", name, g, err)
			}
			b, err := nets.Load(path)
			if err != nil {
				t.Fatalf("%s %s: %v", name, g, err)
			}
			sameWeights(t, a, b)
			got, err := b.ReconstructRaw(x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: the import reconstructs otherwise", name, g)
			}
			b.Close()
		}
	}
}

// TestONNXScaledRoundTrip: the scalings go out as ops and come back in the
// spec.
func TestONNXScaledRoundTrip(t *testing.T) {
	x := unitRows(20, 784, 2)
	for i := range x {
		x[i] = x[i]*40 - 3
	}
	for _, kind := range []string{data.ScaleUnit, data.ScaleMinMax, data.ScaleStandard, data.ScaleNone} {
		set := &data.Set{X: x, Shape: []int{784}}
		sc, err := data.FitScaler(kind, set)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := nets.Named("deep")
		s, _ = s.ForData([]int{784})
		s.Scale = sc
		a := randomBiases(t, s)
		b, err := a.ONNX(nets.ONNXReconstruct)
		if err != nil {
			t.Fatal(err)
		}
		c, err := nets.ReadONNX(b)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		got, err := nets.SpecOf(c.Model)
		if err != nil || got.Scale == nil || got.Scale.Kind != kind {
			t.Fatalf("%s: spec %+v, %v", kind, got.Scale, err)
		}
	}
}

// TestONNXPlainGraph: an export without its spec in the metadata is read
// as a plain chain of ops (as a torch.onnx.export file is) into a net
// that reconstructs as the original does.
func TestONNXPlainGraph(t *testing.T) {
	for _, name := range []string{"dense", "sparse", "deep", "conv", "conv-keras", "denoise", "contractive", "conv-t", "concrete"} {
		a := onnxNet(t, name)
		b, err := a.ONNX(nets.ONNXReconstruct)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name+".onnx")
		if err := os.WriteFile(path, nets.StripONNXMetadata(b), 0o644); err != nil {
			t.Fatal(err)
		}
		plain, err := nets.Load(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer plain.Close()
		x := unitRows(4, 784, 3)
		want, _ := a.ReconstructRaw(x)
		got, err := plain.ReconstructRaw(x)
		if err != nil {
			t.Fatal(err)
		}
		if d := maxAbsDiff(got, want); d > 1e-6 {
			t.Errorf("%s: the plain import reconstructs %g away", name, d)
		}
	}
}

func maxAbsDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		d = max(d, math.Abs(float64(a[i])-float64(b[i])))
	}
	return d
}

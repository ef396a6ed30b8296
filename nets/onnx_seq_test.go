package nets_test

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// everySeqKind is a sequence net of every sequence kind, GRU included
// (which no named spec uses), with return_sequences on and off, a
// strided and a 'valid' conv1d, 'valid' pooling and a transposed
// convolution whose kernel is shorter than its stride.
func everySeqKind(t *testing.T) *nets.Autoencoder {
	t.Helper()
	s := nets.Spec{
		Input: []int{2, 12},
		Encoder: []nets.Layer{nets.Conv1D(4, 3, graph.ReLU).WithStride(2), nets.MaxPool1D(2).Valid(),
			nets.GRU(5, true), nets.LSTM(6, false)},
		Decoder: []nets.Layer{nets.RepeatVector(3), nets.GRU(4, true), nets.LSTM(4, true), nets.UpSample1D(2),
			nets.Conv1DTranspose(3, 1, 2, graph.Tanh).Valid(), nets.Conv1D(3, 3, graph.ELU).Valid(),
			nets.Conv1DTranspose(3, 3, 1, graph.Linear).Valid(), nets.TimeDense(2, graph.Linear)},
		Loss: graph.MSE,
	}
	return randomBiases(t, s)
}

// TestONNXEverySeqKind: the sequence kinds round-trip bit for bit, pass
// onnx.checker and run in ONNX Runtime as in Go.
func TestONNXEverySeqKind(t *testing.T) {
	a := everySeqKind(t)
	x := unitRows(100, 24, 13)
	onnxAgrees(t, a, x)
}

// TestONNXSequence: the sequence specs with their standard scaling,
// fitted to windows of a series as cmd/train fits it, take raw windows in
// ONNX Runtime as in Go.
func TestONNXSequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 15))
	series := &data.Series{Channels: 1, Source: "sine"}
	for i := range 1200 {
		series.X = append(series.X, float32(20+5*math.Sin(float64(i)/12)+rng.NormFloat64()))
	}
	set, err := series.Windows(288, 4)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := data.FitScaler(data.ScaleStandard, set)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 100*288)
	if err := set.ReadRows(0, 100, x); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"conv1d-ts", "lstm-ts"} {
		t.Run(name, func(t *testing.T) {
			s, err := nets.Named(name)
			if err != nil {
				t.Fatal(err)
			}
			if s, err = s.ForData(set.Shape); err != nil {
				t.Fatal(err)
			}
			s.Scale = sc
			a := randomBiases(t, s)
			onnxAgrees(t, a, x)
			s.Scale = nil
			b, err := randomBiases(t, s).ONNX(nets.ONNXReconstruct)
			if err != nil {
				t.Fatal(err)
			}
			// without its spec, a graph of sequences is not read: one line
			// naming the first node the reader does not take
			_, err = nets.ReadONNX(nets.StripONNXMetadata(b))
			if err == nil || !strings.Contains(err.Error(), `node "encoder/`) || strings.Contains(err.Error(), "\n") {
				t.Errorf("the plain graph read with %v", err)
			} else {
				t.Log(err)
			}
		})
	}
}

// onnxAgrees checks that a's every graph round-trips with its spec and
// weights bit for bit, passes onnx.checker, and gives in ONNX Runtime on
// the raw samples x what Go gives, within 1e-5.
func onnxAgrees(t *testing.T, a *nets.Autoencoder, x []float32) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, g := range nets.ONNXGraphs {
		path := filepath.Join(dir, string(g)+".onnx")
		if err := a.WriteONNX(path, g); err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		paths = append(paths, path)
		b, err := nets.Load(path)
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		sameWeights(t, a, b)
		if !reflect.DeepEqual(b.Spec(), a.Spec()) {
			t.Errorf("%s: spec read %+v, want %+v", g, b.Spec(), a.Spec())
		}
		b.Close()
	}
	checkONNX(t, paths...)
	graphsMatchORT(t, a, x, dir)
}

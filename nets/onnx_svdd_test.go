package nets_test

import (
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// svddNet is a small dense Deep SVDD model with its centre and radius
// set, bias-free with an affine-free batch norm and PyTorch's leaky relu
// as Deep SVDD's nets are, and a gcn-l1 scaling fitted to raw rows x of
// 64 values.
func svddNet(t *testing.T, x []float32) *nets.Autoencoder {
	t.Helper()
	sc, err := data.FitScaler(data.ScaleGCNL1, &data.Set{X: x, Shape: []int{64}})
	if err != nil {
		t.Fatal(err)
	}
	s := nets.Spec{
		Input: []int{64},
		Encoder: []nets.Layer{nets.Dense(16, graph.Linear).NoBias(),
			nets.BatchNorm().NoAffine(1e-4).WithActivation(graph.LeakyReLU01), nets.Dense(4, graph.Linear).NoBias()},
		Decoder:   []nets.Layer{nets.Dense(16, graph.LeakyReLU01).NoBias(), nets.Dense(64, graph.Sigmoid).NoBias()},
		Loss:      graph.MSE,
		Scale:     sc,
		Objective: nets.ObjectiveSVDD,
		SVDD:      &nets.SVDD{Nu: 0.1, Center: []float32{0.3, -0.2, 0.1, 0.05}, Radius: 0.7},
	}
	a := randomBiases(t, s)
	randomStats(t, a)
	return a
}

// rawRows returns n rows of 64 pixel-like values in [0, 255).
func rawRows(n int, seed uint64) []float32 {
	x := unitRows(n, 64, seed)
	for i := range x {
		x[i] *= 255
	}
	return x
}

// TestONNXSVDD: a Deep SVDD model's every graph round-trips with its spec
// (objective, centre, radius, ν, gcn-l1 scaling) and weights bit for bit,
// passes onnx.checker, and runs in ONNX Runtime as in Go, its score graph
// giving the squared distances of AnomalyScores.
func TestONNXSVDD(t *testing.T) {
	x := rawRows(100, 11)
	for i := range 64 { // a sample of no contrast, which scales to zeros
		x[i] = 7
	}
	onnxAgrees(t, svddNet(t, x), x)
}

// TestONNXSVDDNoCentre: an svdd model without its centre has no score
// graph, and says so.
func TestONNXSVDDNoCentre(t *testing.T) {
	a := svddNet(t, rawRows(10, 12))
	s := a.Spec()
	s.SVDD = nil
	b := randomBiases(t, s)
	if _, err := b.ONNX(nets.ONNXScore); err == nil {
		t.Error("the score graph of an svdd model without a centre was written")
	}
}

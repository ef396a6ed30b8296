package clitest

import (
	"os"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// TabularCheckpoint saves an untrained net of one dense encoder layer of
// code units and a dense output of act, with loss, for unscaled samples
// of inputs values, and returns its path.
func TabularCheckpoint(t testing.TB, inputs, code int, act graph.Activation, loss string) string {
	t.Helper()
	s := nets.Spec{Name: "tab", Encoder: []nets.Layer{nets.Dense(code, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, act)}, Loss: graph.Loss(loss)}
	s, err := s.ForData([]int{inputs})
	if err != nil {
		t.Fatal(err)
	}
	s.Scale = &data.Scaler{Kind: data.ScaleNone}
	return SpecCheckpoint(t, s, nil)
}

// DigitsCheckpoint writes n fake digits of classes classes (Digits) as a
// CSV file with a "label" column and saves a net of the dense seed spec,
// trained an epoch on them if trained; it returns both paths and the
// digits.
func DigitsCheckpoint(t testing.TB, n, classes int, seed uint64, trained bool) (ckpt, csv string, x []float32, labels []string) {
	t.Helper()
	x, labels = Digits(n, classes, seed)
	var on []float32
	if trained {
		on = x
	}
	return Checkpoint(t, "dense", on), WriteCSV(t, t.TempDir(), "d.csv", x, labels), x, labels
}

// DirFiles returns the names in dir.
func DirFiles(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// SameWeights fails t unless the checkpoints at a and b hold the same
// weights, bit for bit.
func SameWeights(t testing.TB, a, b string) {
	t.Helper()
	if name := differingWeight(t, a, b); name != "" {
		t.Fatalf("%s: weight %s differs from %s's", b, name, a)
	}
}

// WeightsEqual reports whether the checkpoints at a and b hold the same
// weights, bit for bit.
func WeightsEqual(t testing.TB, a, b string) bool {
	t.Helper()
	return differingWeight(t, a, b) == ""
}

// differingWeight returns the name of the first weight in which the
// checkpoints at a and b differ, or "".
func differingWeight(t testing.TB, a, b string) string {
	t.Helper()
	na, err := nets.Load(a)
	if err != nil {
		t.Fatal(err)
	}
	defer na.Close()
	nb, err := nets.Load(b)
	if err != nil {
		t.Fatal(err)
	}
	defer nb.Close()
	for _, name := range na.Params().Names() {
		if !slices.Equal(na.Params().Data(name), nb.Params().Data(name)) {
			return name
		}
	}
	return ""
}

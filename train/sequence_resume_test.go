package train_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// sineWindows is a noisy sine of two channels cut into windows of 16
// steps every 2.
func sineWindows(t *testing.T) *data.Split {
	s := &data.Series{Channels: 2, Source: "sine"}
	for i := range 120 {
		v := math.Sin(float64(i) / 5)
		s.X = append(s.X, float32(v), float32(v*v+0.1*math.Cos(float64(i)*7)))
	}
	set, err := s.Windows(16, 2)
	if err != nil {
		t.Fatal(err)
	}
	return &data.Split{Train: set}
}

// TestSequenceResumeBitExact: for nets of recurrent and 1-D convolutional
// layers (with dropout), two epochs straight give the same weights, bit
// for bit, as one epoch, a checkpoint and a resume to two.
func TestSequenceResumeBitExact(t *testing.T) {
	for name, spec := range map[string]nets.Spec{
		"lstm and gru": {Encoder: []nets.Layer{nets.LSTM(5, true), nets.GRU(3, false)},
			Decoder: []nets.Layer{nets.RepeatVector(0), nets.GRU(4, true), nets.LSTM(4, true), nets.TimeDense(0, graph.Linear)}},
		"conv1d": {Encoder: []nets.Layer{nets.Conv1D(4, 5, graph.ReLU).WithStride(2), nets.Dropout(0.2), nets.MaxPool1D(2)},
			Decoder: []nets.Layer{nets.UpSample1D(2), nets.Conv1DTranspose(4, 5, 2, graph.ReLU), nets.Conv1D(0, 3, graph.Linear)}},
	} {
		t.Run(name, func(t *testing.T) {
			spec.Loss, spec.Seed, spec.Batch = graph.MSE, 7, 8
			opts := train.FitOptions{Seed: 3, Scale: data.ScaleStandard, Log: quiet()}
			fit := func(epochs int, out string) *train.Training {
				o := opts
				o.Epochs, o.Out = epochs, out
				tr, err := train.Fit(context.Background(), spec, sineWindows(t), o)
				if err != nil {
					t.Fatal(err)
				}
				return tr
			}
			straight := fit(2, "")
			defer straight.Close()
			dir := t.TempDir()
			one := fit(1, dir)
			first := one.Net.Params().Data(one.Net.Params().Names()[0])[0]
			one.Close()
			o := opts
			o.Epochs = 2
			resumed, err := train.Prepare(spec, sineWindows(t), o)
			if err != nil {
				t.Fatal(err)
			}
			defer resumed.Close()
			if err := resumed.Trainer.Restore(filepath.Join(dir, "last.safetensors")); err != nil {
				t.Fatal(err)
			}
			if _, err := resumed.Fit(context.Background()); err != nil {
				t.Fatal(err)
			}
			a, b := straight.Net.Params(), resumed.Net.Params()
			if a.Data(a.Names()[0])[0] == first {
				t.Fatalf("the second epoch left %s[0] at %v", a.Names()[0], first)
			}
			for _, n := range a.Names() {
				for i, v := range a.Data(n) {
					if math.Float32bits(v) != math.Float32bits(b.Data(n)[i]) {
						t.Fatalf("%s[%d]: straight %v, resumed %v", n, i, v, b.Data(n)[i])
					}
				}
			}
		})
	}
}

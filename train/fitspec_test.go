package train_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// tinyImages returns n random 8-bit images of 1x8x8 pixels, as a reader
// would give them.
func tinyImages(n int, seed uint64) *data.Set {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := make([]float32, n*64)
	for i := range x {
		x[i] = float32(rng.IntN(256))
	}
	return &data.Set{X: x, Shape: []int{1, 8, 8}, Source: "tiny", Uint8: true}
}

// ExampleFit trains the named denoise spec from Go as cmd/train -arch
// denoise does: with the spec's noise, scaled x/255, validating on a
// shuffled tenth of the training images (there is no test part), saving
// last.safetensors, best.safetensors and history.csv.
func ExampleFit() {
	spec, err := nets.Named("denoise")
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.MkdirTemp("", "denoise")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)
	images := &data.Split{Train: tinyImages(40, 1)}
	t, err := train.Fit(context.Background(), spec, images, train.FitOptions{Epochs: 2, Out: out, Log: quiet()})
	if err != nil {
		log.Fatal(err)
	}
	defer t.Close()
	cfg := t.Trainer.Config()
	fmt.Println("noise:", cfg.Noise, "batch:", cfg.BatchSize, "scaling:", t.Net.Scaler().Kind)
	fmt.Println("train:", t.Train.Len(), "validate:", t.Val.Len(), "epochs:", len(t.Trainer.History().Epochs))
	for _, f := range []string{"last.safetensors", "best.safetensors", "history.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			log.Fatal(err)
		}
	}
	// Output:
	// noise: gaussian:0.5 batch: 128 scaling: unit
	// train: 36 validate: 4 epochs: 2
}

// quiet returns a logger that drops the trainer's messages.
func quiet() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

// TestTrainerTakesTheSpecsSettings: a trainer of a spec's net, with a
// Config that leaves them zero, takes the spec's noise, epochs, batch
// size and learning rate, as cmd/train does (issue 24).
func TestTrainerTakesTheSpecsSettings(t *testing.T) {
	spec, err := nets.Named("denoise")
	if err != nil {
		t.Fatal(err)
	}
	spec.LearningRate = 0.005
	if spec, err = spec.ForData([]int{1, 8, 8}); err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tr, err := train.New(a, train.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	cfg := tr.Config()
	if cfg.Noise == nil || cfg.Noise.String() != "gaussian:0.5" || cfg.Epochs != 100 || cfg.BatchSize != 128 || tr.Optimizer().LearningRate() != 0.005 {
		t.Errorf("trainer of the denoise spec: noise %v, %d epochs, batch %d, lr %g; want gaussian:0.5, 100, 128, 0.005",
			cfg.Noise, cfg.Epochs, cfg.BatchSize, tr.Optimizer().LearningRate())
	}
}

// TestFitAppliesNoise: Fit on the denoise spec trains other weights than
// Fit on the same spec without its noise, from the same seeds; the noise
// was applied.
func TestFitAppliesNoise(t *testing.T) {
	weights := func(noise string) []float32 {
		spec, err := nets.Named("denoise")
		if err != nil {
			t.Fatal(err)
		}
		spec.Noise = noise
		f, err := train.Fit(t.Context(), spec, &data.Split{Train: tinyImages(20, 2)}, train.FitOptions{Epochs: 1, Log: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var w []float32
		for _, name := range f.Net.Params().Names() {
			w = append(w, f.Net.Params().Data(name)...)
		}
		return w
	}
	noisy, clean := weights("gaussian:0.5"), weights("")
	if slices.Equal(noisy, clean) {
		t.Error("the denoise spec trained the same weights with and without its noise")
	}
}

// TestFitLeavesTheDataRaw: Fit scales a copy of the data unless told to
// scale it in place.
func TestFitLeavesTheDataRaw(t *testing.T) {
	set := tinyImages(20, 3)
	raw := slices.Clone(set.X)
	spec, _ := nets.Named("dense")
	f, err := train.Fit(t.Context(), spec, &data.Split{Train: set}, train.FitOptions{Epochs: 1, BatchSize: 8, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !slices.Equal(set.X, raw) {
		t.Error("Fit changed the caller's data")
	}
}

// TestPrepareAutoLoss: with AutoLoss, a named spec's bce on data whose
// validation rows leave the training rows' min-max range switches to mse
// with a linear output, logging one warning; without it, Prepare refuses
// with a *SetRangeError (defect 1).
func TestPrepareAutoLoss(t *testing.T) {
	x := make([]float32, 40*3)
	for i := range x {
		x[i] = float32(i) // the tail rows, validated on, exceed the others
	}
	set := &data.Set{X: x, Shape: []int{3}, Source: "rising"}
	spec, err := nets.Named("dense")
	if err != nil {
		t.Fatal(err)
	}
	split := func() *data.Split {
		train, val := set.Slice(0, 30), set.Slice(30, 40)
		return &data.Split{Train: train, Test: val}
	}
	_, err = train.Prepare(spec, split(), train.FitOptions{Epochs: 1, Scale: data.ScaleMinMax, Log: quiet()})
	var re *train.SetRangeError
	if !errors.As(err, &re) || re.Set != "validation" {
		t.Fatalf("Prepare without AutoLoss = %v, want a *SetRangeError of the validation set", err)
	}
	var warnings int
	log := logrus.New()
	log.SetOutput(io.Discard)
	log.AddHook(countHook{&warnings})
	tr, err := train.Prepare(spec, split(), train.FitOptions{Epochs: 1, Scale: data.ScaleMinMax, Log: log, AutoLoss: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if s := tr.Net.Spec(); s.LossName() != "mse" || s.OutputActivation() != "linear" || warnings != 1 {
		t.Errorf("loss %s, output %s, %d warnings; want mse, linear and one warning", s.LossName(), s.OutputActivation(), warnings)
	}
	if orig, _ := nets.Named("dense"); spec.Decoder[len(spec.Decoder)-1].Activation != orig.Decoder[len(orig.Decoder)-1].Activation {
		t.Error("Prepare changed the caller's spec")
	}
}

// countHook counts the warnings logged.
type countHook struct{ n *int }

func (h countHook) Levels() []logrus.Level { return []logrus.Level{logrus.WarnLevel} }
func (h countHook) Fire(*logrus.Entry) error {
	*h.n++
	return nil
}

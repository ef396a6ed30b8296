package nets_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// lossTol is the relative tolerance of a golden loss: the kernel sets
// (AVX-512, AVX2, generic) sum in different orders, and a mean over a few
// thousand float32 terms moves by a few units in the last place (one ulp of
// 0.69 is 6e-8 = 8.6e-8 relative). 1e-6 allows about a dozen ulps and still
// catches any change of model, seed or data.
const lossTol = 1e-6

// TestSeedSpecsMatchBeforeSpecs: each seed built from its spec has the
// parameter names and shapes, and gives the two first training losses, of
// the nets before the model spec (values printed by that code, at commit
// aab04dc, with the same seeds and data).
func TestSeedSpecsMatchBeforeSpecs(t *testing.T) {
	golden := []struct {
		arch   string
		l1, l2 float64
		params string
	}{
		{"dense", 0.696485639, 0.693739116, "encoder/dense0/w[784 32] encoder/dense0/b[32] decoder/dense0/w[32 784] decoder/dense0/b[784] "},
		{"sparse", 0.697426319, 0.694358051, "encoder/dense0/w[784 32] encoder/dense0/b[32] decoder/dense0/w[32 784] decoder/dense0/b[784] "},
		{"deep", 0.693646014, 0.692747235, "encoder/dense0/w[784 128] encoder/dense0/b[128] encoder/dense1/w[128 64] encoder/dense1/b[64] encoder/dense2/w[64 32] encoder/dense2/b[32] decoder/dense0/w[32 64] decoder/dense0/b[64] decoder/dense1/w[64 128] decoder/dense1/b[128] decoder/dense2/w[128 784] decoder/dense2/b[784] "},
		{"conv", 0.311630309, 0.30827418, "encoder/conv0/w[16 1 3 3] encoder/conv0/b[16] encoder/conv1/w[1 16 3 3] encoder/conv1/b[1] decoder/conv0/w[1 1 3 3] decoder/conv0/b[1] decoder/conv1/w[16 1 3 3] decoder/conv1/b[16] decoder/conv2/w[1 16 3 3] decoder/conv2/b[1] "},
		{"conv-keras", 0.693109393, 0.692876577, "encoder/conv0/w[16 1 3 3] encoder/conv0/b[16] encoder/conv1/w[8 16 3 3] encoder/conv1/b[8] encoder/conv2/w[8 8 3 3] encoder/conv2/b[8] decoder/conv0/w[8 8 3 3] decoder/conv0/b[8] decoder/conv1/w[8 8 3 3] decoder/conv1/b[8] decoder/conv2/w[16 8 3 3] decoder/conv2/b[16] decoder/conv3/w[1 16 3 3] decoder/conv3/b[1] "},
	}
	x := make([]float32, 4*784)
	for i := range x {
		x[i] = float32((i*7)%23) / 23
	}
	for _, g := range golden {
		t.Run(g.arch, func(t *testing.T) {
			s, err := nets.Named(g.arch)
			if err != nil {
				t.Fatal(err)
			}
			s.Seed = 1
			if s, err = s.ForData([]int{1, 28, 28}); err != nil {
				t.Fatal(err)
			}
			a, err := nets.New(s)
			if err != nil {
				t.Fatal(err)
			}
			var names string
			for _, n := range a.Params().Names() {
				names += fmt.Sprintf("%s%v ", n, a.Params().Shape(n))
			}
			if names != g.params {
				t.Fatalf("parameters\n%s\nwant\n%s", names, g.params)
			}
			tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 4, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range []float64{g.l1, g.l2} {
				got, err := tr.TrainOnBatch(train.Dataset{X: x, Dim: 784})
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(got-want) > lossTol*want {
					t.Errorf("step %d: loss %.9g, want %.9g", i+1, got, want)
				}
			}
		})
	}
}

// TestLoadBeforeSpecs: checkpoints written before the model spec (a Config
// in their metadata) still load, and give the loss they were saved with.
func TestLoadBeforeSpecs(t *testing.T) {
	x := make([]float32, 8*784)
	for i := range x {
		x[i] = float32(i%17) / 17
	}
	for _, c := range []struct {
		arch string
		loss float64
	}{{"sparse", 0.693278432}, {"conv", 0.303237125}, {"conv-keras", 0.692730278}} {
		t.Run(c.arch, func(t *testing.T) {
			a, err := nets.Load("testdata/v1-" + c.arch + ".safetensors")
			if err != nil {
				t.Fatal(err)
			}
			if a.Spec().Name != c.arch {
				t.Errorf("spec name %q", a.Spec().Name)
			}
			tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 4})
			if err != nil {
				t.Fatal(err)
			}
			got, err := tr.Evaluate(train.Dataset{X: x, Dim: 784})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-c.loss) > lossTol*c.loss {
				t.Errorf("loss %.9g, want %.9g", got, c.loss)
			}
		})
	}
}

func TestSpecJSONRoundTrip(t *testing.T) {
	for _, name := range nets.Names() {
		s, err := nets.Named(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err = s.ForData([]int{1, 28, 28})
		if err != nil {
			t.Fatal(err)
		}
		j, err := nets.MarshalSpec(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := nets.ParseSpec([]byte(j))
		if err != nil {
			t.Fatalf("%s: %v", j, err)
		}
		if j2, _ := nets.MarshalSpec(back); j2 != j {
			t.Errorf("round trip:\n%s\n%s", j, j2)
		}
	}
}

// TestStack: -layers 64,16 on 30 features is 30-64-16-64-30.
func TestStack(t *testing.T) {
	s, err := nets.Stack(64, 16).ForData([]int{30})
	if err != nil {
		t.Fatal(err)
	}
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	want := (30*64 + 64) + (64*16 + 16) + (16*64 + 64) + (64*30 + 30)
	if got := a.Params().Count(); got != want {
		t.Errorf("%d parameters, want %d", got, want)
	}
	if got := a.CodeShape(); len(got) != 1 || got[0] != 16 {
		t.Errorf("code shape %v", got)
	}
	if !strings.Contains(a.Summary(), "decoder/dense1 (Dense)") {
		t.Errorf("summary:\n%s", a.Summary())
	}
	x := make([]float32, 3*30)
	r, err := a.Reconstruct(x)
	if err != nil || len(r) != len(x) {
		t.Fatalf("Reconstruct: %d values, %v", len(r), err)
	}
}

// TestBadSpecs: each error is a *SpecError naming the part, the layer and
// the field.
func TestBadSpecs(t *testing.T) {
	img := []int{1, 28, 28}
	cases := []struct {
		name  string
		spec  nets.Spec
		want  string // in the error
		layer int
		field string
	}{
		{"unknown type", nets.Spec{Input: img, Encoder: []nets.Layer{{Type: "transformer"}}, Decoder: []nets.Layer{nets.Conv(1, 3, graph.Sigmoid)}},
			`unknown layer type "transformer"`, 0, "type"},
		{"unknown activation", nets.Spec{Input: img, Encoder: []nets.Layer{{Type: "conv2d", Filters: 4, Kernel: 3, Activation: "swish2"}}, Decoder: []nets.Layer{nets.Conv(1, 3, graph.Sigmoid)}},
			"swish2", 0, "activation"},
		{"dense on images", nets.Spec{Input: img, Encoder: []nets.Layer{nets.Conv(4, 3, graph.ReLU), nets.Dense(8, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(784, graph.Sigmoid)}},
			"flatten", 1, "type"},
		{"pool to nothing", nets.Spec{Input: []int{1, 4, 4}, Encoder: []nets.Layer{nets.MaxPool(8).Valid()}, Decoder: []nets.Layer{nets.Conv(1, 3, graph.Sigmoid)}},
			"leaves nothing", 0, "size"},
		{"decoder of the wrong shape", nets.Spec{Input: img, Encoder: []nets.Layer{nets.Conv(4, 3, graph.ReLU), nets.MaxPool(2)}, Decoder: []nets.Layer{nets.Conv(1, 3, graph.Sigmoid)}},
			"not the input's shape", 0, "type"},
		{"negative units", nets.Spec{Input: []int{10}, Encoder: []nets.Layer{nets.Dense(-3, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}},
			"got -3", 0, "units"},
		{"reshape of the wrong size", nets.Spec{Input: []int{10}, Encoder: []nets.Layer{nets.Dense(8, graph.ReLU), nets.Reshape(2, 2, 3)}, Decoder: []nets.Layer{nets.Flatten(), nets.Dense(0, graph.Sigmoid)}},
			"holds 12 values", 1, "shape"},
		{"dropout rate", nets.Spec{Input: []int{10}, Encoder: []nets.Layer{nets.Dropout(1.5), nets.Dense(4, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}},
			"rate", 0, "rate"},
		{"bce on a linear output", nets.Spec{Input: []int{10}, Loss: "bce", Encoder: []nets.Layer{nets.Dense(4, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Linear)}},
			"sigmoid", -1, "output"},
		{"unknown loss", nets.Spec{Input: []int{10}, Loss: "hinge", Encoder: []nets.Layer{nets.Dense(4, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}},
			"hinge", -1, "loss"},
		{"too large", nets.Spec{Input: []int{60000}, Encoder: []nets.Layer{nets.Dense(60000, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}},
			"parameters", 0, "type"},
		{"no input", nets.Spec{Encoder: []nets.Layer{nets.Dense(4, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}},
			"no input shape", -1, "input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := nets.New(c.spec)
			var se *nets.SpecError
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T), want a *nets.SpecError", err, err)
			}
			if se.Layer != c.layer || se.Field != c.field || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q: layer %d, field %s; want layer %d, field %s, mentioning %q", err, se.Layer, se.Field, c.layer, c.field, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error has several lines: %q", err)
			}
		})
	}
}

func TestParseSpecErrors(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{"{\n  \"encoder\": [\n    {\"type\": \"dense\", \"units\": 4,}\n  ]\n}", "line 3"},
		{`{"encoder": [{"type": "dense", "units": "four"}]}`, "units"},
		{`{"encoder": [], "colour": 1}`, "colour"},
		{`{"encoder": []} {}`, "after"},
	} {
		if _, err := nets.ParseSpec([]byte(c.json)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseSpec(%s): %v, want an error mentioning %q", c.json, err, c.want)
		}
	}
}

// TestSparseTerms: sparse's loss is recorded as its reconstruction and L1
// terms, which add up to it.
func TestSparseTerms(t *testing.T) {
	a, err := nets.NewSparse(nets.Config{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(a.Params())
	x := graph.NewInput(g, "x", 2, 784)
	if _, err := a.Loss(g, x, x); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, term := range g.LossTerms() {
		names = append(names, term.Name)
	}
	if strings.Join(names, ",") != "reconstruction,l1" {
		t.Errorf("terms %v", names)
	}
}

// TestContractiveTerm: the contractive net's loss is its reconstruction
// plus λ·mean Σ_j (h_j(1-h_j))² Σ_i W_ij², computed here from Encode and
// the weights.
func TestContractiveTerm(t *testing.T) {
	s, err := nets.Stack(5).ForData([]int{7})
	if err != nil {
		t.Fatal(err)
	}
	s.Encoder[0].Activation = "sigmoid"
	s.Contractive = 0.3
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 4*7)
	for i := range x {
		x[i] = float32(i%5) / 5
	}
	tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	h, err := tr.Fit(context.Background(), train.Dataset{X: x, Dim: 7}, &train.Dataset{X: x, Dim: 7})
	if err != nil {
		t.Fatal(err)
	}
	terms := h.Epochs[0].Terms
	if len(terms) != 2 || terms[0].Name != "reconstruction" || terms[1].Name != "contractive" {
		t.Fatalf("terms %+v", terms)
	}
	// validation runs after the epoch's updates: score the final weights
	codes, err := a.Encode(x)
	if err != nil {
		t.Fatal(err)
	}
	w := a.Params().Data("encoder/dense0/w")
	var want float64
	for b := 0; b < 4; b++ {
		for j := 0; j < 5; j++ {
			h := float64(codes[b*5+j])
			var col float64
			for i := 0; i < 7; i++ {
				col += float64(w[i*5+j]) * float64(w[i*5+j])
			}
			want += (h * (1 - h)) * (h * (1 - h)) * col
		}
	}
	want *= 0.3 / 4
	if got := terms[1].Val; math.Abs(got-want) > 1e-5*math.Max(want, 1e-3) {
		t.Errorf("val contractive term %.7f, want %.7f", got, want)
	}
	if sum := terms[0].Val + terms[1].Val; math.Abs(sum-h.Epochs[0].ValLoss) > 1e-6 {
		t.Errorf("terms add up to %v, val_loss %v", sum, h.Epochs[0].ValLoss)
	}
	conv, _ := nets.Named("conv")
	conv.Contractive = 0.1
	conv, _ = conv.ForData([]int{1, 28, 28})
	var se *nets.SpecError
	if _, err := nets.New(conv); !errors.As(err, &se) || se.Field != "contractive" {
		t.Errorf("contractive on a conv encoder: %v", err)
	}
}

// TestLoadRefusesCraftedCheckpoints: a checkpoint whose model metadata
// asks for a huge net, or whose weights do not fit its spec or are not
// finite, is an error before anything is allocated (issue 9, defect 1).
func TestLoadRefusesCraftedCheckpoints(t *testing.T) {
	good := "testdata/v1-sparse.safetensors"
	for _, c := range []struct {
		name   string
		change func(f *safetensors.File)
		want   string
	}{
		{"huge code", func(f *safetensors.File) {
			f.Metadata[checkpoint.MetaModel] = `{"arch":"dense","code":1000000000,"loss":"bce","height":28,"width":28,"seed":1}`
		}, "code"},
		{"huge spec", func(f *safetensors.File) {
			f.Metadata[checkpoint.MetaModel] = `{"input":[784],"encoder":[{"type":"dense","units":60000}],"decoder":[{"type":"dense","units":60000},{"type":"dense","activation":"sigmoid"}]}`
		}, "parameters"},
		{"spec of another net", func(f *safetensors.File) {
			f.Metadata[checkpoint.MetaModel] = `{"arch":"dense","code":64,"loss":"bce","height":28,"width":28,"seed":1}`
		}, "shape"},
		{"NaN weight", func(f *safetensors.File) {
			w := f.Tensors["encoder/dense0/b"]
			w.Data[1] = float32(math.NaN())
		}, "NaN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := safetensors.ReadFile(good)
			if err != nil {
				t.Fatal(err)
			}
			c.change(g)
			path := filepath.Join(t.TempDir(), "crafted.safetensors")
			if err := safetensors.WriteFile(path, g); err != nil {
				t.Fatal(err)
			}
			if _, err := nets.Load(path); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Load: %v; want an error naming %s and %q", err, path, c.want)
			}
		})
	}
}

package nets_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// seeds are the seed tutorials' architectures.
var seeds = []string{"dense", "sparse", "deep", "conv", "conv-keras"}

var (
	mnistOnce sync.Once
	mnist     *data.MNIST
	mnistErr  error
)

func loadMNIST(t *testing.T) *data.MNIST {
	t.Helper()
	mnistOnce.Do(func() {
		dir, err := data.BundledMNISTDir()
		if err != nil {
			mnistErr = err
			return
		}
		mnist, mnistErr = data.LoadMNIST(dir)
	})
	if mnistErr != nil {
		t.Fatal(mnistErr)
	}
	return mnist
}

func TestSummaryParamCounts(t *testing.T) {
	for _, tc := range []struct {
		arch   string
		params int
		code   []int
	}{
		{"dense", 784*32 + 32 + 32*784 + 784, []int{32}},
		{"sparse", 784*32 + 32 + 32*784 + 784, []int{32}},
		{"deep", (784*128 + 128) + (128*64 + 64) + (64*32 + 32) + (32*64 + 64) + (64*128 + 128) + (128*784 + 784), []int{32}},
		{"conv", (16*9 + 16) + (16*9 + 1) + (9 + 1) + (16*9 + 16) + (16*9 + 1), []int{1, 7, 7}},
		{"conv-keras", (16*9 + 16) + (8*16*9 + 8) + 2*(8*8*9+8) + (8*8*9 + 8) + (16*8*9 + 16) + (16*9 + 1), []int{8, 4, 4}},
	} {
		t.Run(tc.arch, func(t *testing.T) {
			a, err := nets.NewSeed(nets.Config{Arch: tc.arch})
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Params().Count(); got != tc.params {
				t.Fatalf("%d parameters, want %d", got, tc.params)
			}
			if got := a.CodeShape(); len(got) != len(tc.code) || got[len(got)-1] != tc.code[len(tc.code)-1] {
				t.Fatalf("code shape %v, want %v", got, tc.code)
			}
			s := a.Summary()
			total := commas(tc.params)
			if !strings.Contains(s, "Total params: "+total) || !strings.Contains(s, "Output Shape") {
				t.Fatalf("summary lacks the total %s:\n%s", total, s)
			}
		})
	}
}

func commas(n int) string {
	d := fmt.Sprint(n)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "," + d[i:]
	}
	return d
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []nets.Config{
		{Arch: "lstm"},
		{Arch: "dense", Code: -1},
		{Arch: "conv", Code: 8},
		{Arch: "sparse", L1: -1},
		{Arch: "dense", Loss: "hinge"},
		{Arch: "conv", Height: 30, Width: 30},
	} {
		if _, err := nets.NewSeed(c); err == nil {
			t.Errorf("New(%+v): want an error", c)
		}
	}
}

// TestEncodeDecodeShareWeights: the encoder and decoder graphs share the
// autoencoder's weights, and work for any number of rows.
func TestEncodeDecodeShareWeights(t *testing.T) {
	m := loadMNIST(t)
	for _, arch := range seeds {
		t.Run(arch, func(t *testing.T) {
			a, err := nets.NewSeed(nets.Config{Arch: arch, Seed: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			for _, rows := range []int{1, 3, 257} {
				x := m.Test.Pixels[:rows*784]
				codes, err := a.Encode(x)
				if err != nil {
					t.Fatal(err)
				}
				if len(codes) != rows*size(a.CodeShape()) {
					t.Fatalf("%d rows: %d code values", rows, len(codes))
				}
				dec, err := a.Decode(codes)
				if err != nil {
					t.Fatal(err)
				}
				rec, err := a.Reconstruct(x)
				if err != nil {
					t.Fatal(err)
				}
				if len(rec) != len(x) || len(dec) != len(x) {
					t.Fatalf("%d rows: reconstruction %d, decoding %d values", rows, len(rec), len(dec))
				}
				for i := range rec {
					if math.Abs(float64(rec[i]-dec[i])) > 1e-6 {
						t.Fatalf("%d rows: Reconstruct and Decode(Encode) differ at %d: %v vs %v", rows, i, rec[i], dec[i])
					}
				}
			}
			// a change of weights shows in every graph
			before, _ := a.Reconstruct(m.Test.Pixels[:784])
			for _, n := range a.Params().Names() {
				for i := range a.Params().Data(n) {
					a.Params().Data(n)[i] *= 0.5
				}
			}
			after, _ := a.Reconstruct(m.Test.Pixels[:784])
			if same(before, after) {
				t.Fatal("changing the weights did not change the reconstruction")
			}
			if _, err := a.Encode(make([]float32, 783)); err == nil {
				t.Fatal("Encode of 783 values: want an error")
			}
		})
	}
}

func same(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func size(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// TestOverfitSmallBatch: every net must drive its loss on 32 images well
// below where it started.
func TestOverfitSmallBatch(t *testing.T) {
	m := loadMNIST(t)
	ds := train.Dataset{X: m.Train.Pixels[:32*784], Dim: 784}
	for _, tc := range []struct {
		arch   string
		epochs int
		ratio  float64 // final loss / first loss must be below this
		lr     float64
	}{
		{"dense", 300, 0.35, 0.01},
		{"sparse", 300, 0.4, 0.01},
		{"deep", 300, 0.45, 0.01},
		{"conv", 150, 0.25, 0.01},
	} {
		t.Run(tc.arch, func(t *testing.T) {
			a, err := nets.NewSeed(nets.Config{Arch: tc.arch, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			tr, err := train.New(a, train.Config{Epochs: tc.epochs, BatchSize: 32, Optimizer: train.NewAdam(tc.lr)})
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			first, err := tr.Evaluate(ds)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Fit(context.Background(), ds, nil); err != nil {
				t.Fatal(err)
			}
			last, err := tr.Evaluate(ds)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: loss %.4f -> %.4f", tc.arch, first, last)
			if last > tc.ratio*first {
				t.Fatalf("loss went from %.4f to %.4f, want below %.4f", first, last, tc.ratio*first)
			}
		})
	}
}

// TestLoadRoundTrip: a checkpoint rebuilds the same net with the same
// outputs.
func TestLoadRoundTrip(t *testing.T) {
	m := loadMNIST(t)
	for _, cfg := range []nets.Config{{Arch: "sparse", Code: 16, L1: 1e-3, Seed: 4}, {Arch: "conv", Seed: 4}} {
		t.Run(cfg.Arch, func(t *testing.T) {
			a, err := nets.NewSeed(cfg)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 16})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Fit(context.Background(), train.Dataset{X: m.Train.Pixels[:48*784], Dim: 784}, nil); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "ae.safetensors")
			if err := tr.Save(path); err != nil {
				t.Fatal(err)
			}
			b, err := nets.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			sa, _ := nets.MarshalSpec(a.Spec())
			if sb, _ := nets.MarshalSpec(b.Spec()); sb != sa {
				t.Fatalf("spec %s, want %s", sb, sa)
			}
			x := m.Test.Pixels[:5*784]
			ra, _ := a.Reconstruct(x)
			rb, err := b.Reconstruct(x)
			if err != nil {
				t.Fatal(err)
			}
			if !same(ra, rb) {
				t.Fatal("the loaded net reconstructs differently")
			}
		})
	}
	if _, err := nets.Load(filepath.Join(t.TempDir(), "none.safetensors")); err == nil || !strings.Contains(err.Error(), "none.safetensors") {
		t.Fatalf("Load of a missing file: %v", err)
	}
}

// TestSparsePenalty: sparse's loss is the dense loss plus λ·mean Σ|code|.
func TestSparsePenalty(t *testing.T) {
	m := loadMNIST(t)
	x := train.Dataset{X: m.Test.Pixels[:10*784], Dim: 784}
	dense, _ := nets.NewSeed(nets.Config{Arch: "dense", Seed: 9})
	sparse, _ := nets.NewSeed(nets.Config{Arch: "sparse", L1: 0.01, Seed: 9})
	eval := func(a *nets.Autoencoder) float64 {
		tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 10})
		if err != nil {
			t.Fatal(err)
		}
		l, err := tr.Evaluate(x)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	codes, err := sparse.Encode(x.X)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, v := range codes {
		sum += math.Abs(float64(v))
	}
	want := eval(dense) + 0.01*sum/10
	if got := eval(sparse); math.Abs(got-want) > 1e-5 {
		t.Fatalf("sparse loss %v, want dense loss + penalty = %v", got, want)
	}
}

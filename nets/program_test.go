package nets_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"gorgonia.org/gorgonia"
)

// TestReconstructMatchesBuild: Reconstruct, which binds its input and
// fuses the output activation, gives bit for bit what the training graph
// (Build) gives, and leaves its input as it was, for every named spec but
// the VAE (whose graph samples), on more rows than one chunk.
func TestReconstructMatchesBuild(t *testing.T) {
	for _, name := range nets.Names() {
		if name == "vae" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			s, err := nets.Named(name)
			if err != nil {
				t.Fatal(err)
			}
			s.Seed = 3
			shape := []int{1, 28, 28}
			if s.Sequence() {
				shape = []int{1, 784}
			}
			if s, err = s.ForData(shape); err != nil {
				t.Fatal(err)
			}
			a, err := nets.New(s)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			const rows = 300 // a chunk of 256 and one of 44
			rng := rand.New(rand.NewPCG(1, 2))
			x := make([]float32, rows*784)
			for i := range x {
				x[i] = rng.Float32()
			}
			orig := slices.Clone(x)
			got, err := a.Reconstruct(x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(x, orig) {
				t.Fatal("Reconstruct changed its input")
			}
			want := buildOutput(t, a, x, rows)
			if len(got) != len(want) {
				t.Fatalf("%d values, want %d", len(got), len(want))
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("value %d: %v, the training graph gives %v", i, got[i], want[i])
				}
			}
			// a second call reuses the programs, and writes neither into
			// the first's result nor into a bad out
			kept := slices.Clone(got)
			x2 := make([]float32, len(x))
			for i := range x2 {
				x2[i] = rng.Float32()
			}
			if _, err := a.Reconstruct(x2); err != nil {
				t.Fatal(err)
			}
			p, err := a.Full(256)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.Run(x2[:256*784], make([]float32, 5)); err == nil {
				t.Error("Run into 5 values: no error")
			}
			if !slices.Equal(got, kept) {
				t.Fatal("a second Reconstruct changed the first's result")
			}
			again, err := a.Reconstruct(x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(again, got) {
				t.Fatal("a second Reconstruct of the same input differs")
			}
			// the To forms: the same values, in the caller's storage when
			// it has room, in a new slice when it has not
			buf := make([]float32, 1, len(got)+7)
			into, err := a.ReconstructTo(buf, x)
			if err != nil {
				t.Fatal(err)
			}
			if &into[0] != &buf[0] || !slices.Equal(into, got) {
				t.Fatal("ReconstructTo with room: not the same values in the caller's storage")
			}
			codes, err := a.Encode(x)
			if err != nil {
				t.Fatal(err)
			}
			small := make([]float32, 3)
			codesTo, err := a.EncodeTo(small, x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(codesTo, codes) || len(codes) > 3 && &codesTo[0] == &small[0] {
				t.Fatal("EncodeTo without room: not the values of Encode in a new slice")
			}
		})
	}
}

// buildOutput runs the training graph's output on x.
func buildOutput(t *testing.T, a *nets.Autoencoder, x []float32, rows int) []float32 {
	t.Helper()
	g := graph.New(a.Params())
	b, err := a.Build(g, rows)
	if err != nil {
		t.Fatal(err)
	}
	copy(b.Input.Value().Data().([]float32), x)
	m := gorgonia.NewTapeMachine(g.ExprGraph)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	return slices.Clone(b.Output.Value().Data().([]float32))
}

// TestInferenceThreads: Encode and Reconstruct give the same bits on 1, 2
// and 3 threads, where the chunks of 256 rows run side by side, one per
// thread, and the last thread has fewer chunks than the others; and with
// the net's own setting (SetInferenceThreads) against graph.SetThreads.
func TestInferenceThreads(t *testing.T) {
	defer graph.SetThreads(0)
	for _, name := range []string{"dense", "conv", "vae"} {
		t.Run(name, func(t *testing.T) {
			a, err := nets.NewSeed(nets.Config{Arch: name, Seed: 5})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			const rows = 4*256 + 9 // five chunks, the last a short one
			rng := rand.New(rand.NewPCG(3, 4))
			x := make([]float32, rows*784)
			for i := range x {
				x[i] = rng.Float32()
			}
			var want [2][]float32
			for _, threads := range []int{1, 2, 3, -4} {
				graph.SetThreads(max(threads, 1))
				a.SetInferenceThreads(-threads) // 4 for -4, else the default
				codes, err := a.Encode(x)
				if err != nil {
					t.Fatal(err)
				}
				out, err := a.Reconstruct(x)
				if err != nil {
					t.Fatal(err)
				}
				if threads == 1 {
					want = [2][]float32{codes, out}
					continue
				}
				if !slices.Equal(codes, want[0]) || !slices.Equal(out, want[1]) {
					t.Fatalf("%d threads: the codes or outputs differ from one thread's", threads)
				}
			}
		})
	}
}

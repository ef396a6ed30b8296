package train_test

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/train"
	"gorgonia.org/gorgonia"
)

// countingRows serves the rows of a data set and counts each row read.
type countingRows struct {
	x     []float32
	dim   int
	reads []int
}

func (r *countingRows) Len() int { return len(r.x) / r.dim }

func (r *countingRows) ReadRows(start, n int, dst []float32) error {
	if start < 0 || start+n > r.Len() {
		return fmt.Errorf("rows %d+%d out of range", start, n)
	}
	copy(dst, r.x[start*r.dim:(start+n)*r.dim])
	for i := start; i < start+n; i++ {
		r.reads[i]++
	}
	return nil
}

// TestStreamedRows: a data set read from Rows trains on every sample once
// per epoch, in batches of the batch size but the last, and its loss falls;
// its evaluation equals the in-memory one.
func TestStreamedRows(t *testing.T) {
	ds := randomSet(100, 1)
	rows := &countingRows{x: ds.X, dim: 6, reads: make([]int, 100)}
	streamed := train.Dataset{Rows: rows, Dim: 6}
	m := newTinyAE(5)
	c := &counter{}
	tr, err := train.New(m, train.Config{Epochs: 3, BatchSize: 16, Seed: 3, ShuffleBuffer: 40, Optimizer: train.NewAdam(0.01), Callbacks: []train.Callback{c}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := tr.Fit(context.Background(), streamed, &streamed)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range rows.reads {
		// 3 epochs of training and 3 evaluations
		if n != 6 {
			t.Fatalf("row %d read %d times, want 6", i, n)
		}
	}
	if c.batches != 3*7 || c.samples != 300 {
		t.Fatalf("%d batches of %d samples, want 7 an epoch of 100", c.batches, c.samples)
	}
	if h.Epochs[2].Loss >= h.Epochs[0].Loss {
		t.Errorf("loss did not fall: %v", h.Loss())
	}
	a, err := tr.Evaluate(streamed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tr.Evaluate(ds)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("streamed evaluation %v, in memory %v", a, b)
	}
}

// virtualRows are rows computed on demand: a data set of any size that
// takes no memory.
type virtualRows struct{ n, dim int }

func (r virtualRows) Len() int { return r.n }

func (r virtualRows) ReadRows(start, n int, dst []float32) error {
	for i := range dst[:n*r.dim] {
		dst[i] = float32(math.Sin(float64(start*r.dim+i))*0.5 + 0.5)
	}
	return nil
}

// TestStreamedMemory: training on 800 MB of streamed rows grows the
// resident memory by far less than the data (generous margin: 200 MB).
func TestStreamedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 800 MB of rows")
	}
	before, ok := residentMB()
	if !ok {
		t.Skip("no /proc/self/status")
	}
	const n, dim = 200_000, 1000 // 800 MB of float32
	tr, err := train.New(&wideAE{graph.NewParams(1), dim}, train.Config{Epochs: 1, BatchSize: 256, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), train.Dataset{Rows: virtualRows{n, dim}, Dim: dim}, nil); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	after, _ := residentMB()
	if grew := after - before; grew > 200 {
		t.Errorf("resident memory grew by %.0f MB for 800 MB of rows", grew)
	}
}

// wideAE is a dim-4-dim autoencoder.
type wideAE struct {
	p   *graph.Params
	dim int
}

func (m *wideAE) Params() *graph.Params { return m.p }
func (m *wideAE) SampleShape() []int    { return []int{m.dim} }
func (m *wideAE) Loss(g *graph.Graph, x, y *gorgonia.Node) (*gorgonia.Node, error) {
	enc, err := graph.NewDense(g, "enc", m.dim, 4, graph.ReLU)
	if err != nil {
		return nil, err
	}
	dec, err := graph.NewDense(g, "dec", 4, m.dim, graph.Sigmoid)
	if err != nil {
		return nil, err
	}
	h, err := enc.Fwd(x)
	if err != nil {
		return nil, err
	}
	z, err := dec.Preactivation(h)
	if err != nil {
		return nil, err
	}
	return graph.BinaryCrossEntropyWithLogits(z, y)
}

func residentMB() (float64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			return kb / 1024, err == nil
		}
	}
	return 0, false
}

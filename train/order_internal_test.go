package train

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// sliceRows serves the rows of x, dim values each: a streamed data set.
type sliceRows struct {
	x   []float32
	dim int
}

func (r sliceRows) Len() int { return len(r.x) / r.dim }

func (r sliceRows) ReadRows(start, n int, dst []float32) error {
	copy(dst, r.x[start*r.dim:(start+n)*r.dim])
	return nil
}

// dealtRows returns the first value of every sample of an epoch's
// batches, in the order they are dealt, and the batches' sizes.
func dealtRows(t *testing.T, o *epochOrder, seed uint64) (firsts []float32, sizes []int) {
	t.Helper()
	err := o.each(rand.New(rand.NewPCG(seed, 1)), func(d Dataset, idx []int) error {
		for _, i := range idx {
			firsts = append(firsts, d.X[i*d.Dim])
		}
		sizes = append(sizes, len(idx))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return firsts, sizes
}

// TestEpochOrderInOrder: with the order kept (Config.NoShuffle) batch i
// holds samples i·B to (i+1)·B-1, the last the rest, in memory and
// streamed through a shuffle buffer, whatever the seed; shuffled, the
// same samples come in another order.
func TestEpochOrderInOrder(t *testing.T) {
	const n, dim, batch = 50, 3, 8
	x := make([]float32, n*dim)
	for i := range x {
		x[i] = float32(i / dim) // every value of sample i is i
	}
	want := make([]float32, n)
	for i := range want {
		want[i] = float32(i)
	}
	wantSizes := []int{8, 8, 8, 8, 8, 8, 2}
	for _, d := range []Dataset{{X: x, Dim: dim}, {Rows: sliceRows{x, dim}, Dim: dim}} {
		name := map[bool]string{true: "in memory", false: "streamed"}[d.X != nil]
		o := newEpochOrder(d, batch, 24)
		o.inOrder = true
		for _, seed := range []uint64{1, 2} {
			got, sizes := dealtRows(t, o, seed)
			if !slices.Equal(got, want) || !slices.Equal(sizes, wantSizes) {
				t.Errorf("%s, seed %d, in order: samples %v in batches %v, want %v in %v", name, seed, got, sizes, want, wantSizes)
			}
		}
		o.inOrder = false
		got, _ := dealtRows(t, o, 1)
		if slices.Equal(got, want) {
			t.Errorf("%s, shuffled: the samples came in their order", name)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s, shuffled: samples %v, want each of 0..%d once", name, got, n-1)
		}
	}
}

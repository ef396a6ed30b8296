package train

import (
	"fmt"
	"math/rand/v2"
)

// Rows is a data set read a run of rows at a time, for data larger than
// memory (a file-backed data.Set is one).
type Rows interface {
	Len() int
	ReadRows(start, n int, dst []float32) error
}

// DefaultShuffleBuffer is how many rows a streamed data set shuffles
// together when Config.ShuffleBuffer is 0.
const DefaultShuffleBuffer = 16384

// epochOrder deals an epoch's batches: in memory, the whole set in a
// shuffled order; streamed from Rows, blocks of a batch's rows in a
// shuffled order, read a buffer of blocks at a time and shuffled within
// the buffer, as tf.data's shuffle buffer does.
type epochOrder struct {
	d            Dataset
	n, batch     int
	perm         []int
	bufBlocks    int
	blocks, buf  []float32
	blockOrder   []int
	sampleValues int
	// inOrder deals the batches in the data's order (Config.NoShuffle).
	inOrder bool
	// check, when set, checks the rows of a streamed set as they are
	// read: the first's index and their values.
	check func(first int, x []float32) error
}

func newEpochOrder(d Dataset, batch, shuffleBuffer int) *epochOrder {
	n := d.Len()
	o := &epochOrder{d: d, n: n, batch: min(batch, n), sampleValues: d.Dim}
	if d.X != nil {
		o.perm = make([]int, n)
		return o
	}
	if shuffleBuffer <= 0 {
		shuffleBuffer = DefaultShuffleBuffer
	}
	o.bufBlocks = max(1, shuffleBuffer/o.batch)
	o.blockOrder = make([]int, o.steps())
	o.perm = make([]int, o.bufBlocks*o.batch)
	o.buf = make([]float32, o.bufBlocks*o.batch*d.Dim)
	return o
}

// steps is the number of batches of an epoch: one per block of a batch's
// rows, the last one holding the rest.
func (o *epochOrder) steps() int { return (o.n + o.batch - 1) / o.batch }

// each calls f with every batch of an epoch, as a data set and the indices
// of the batch's samples in it.
func (o *epochOrder) each(rng *rand.Rand, f func(d Dataset, idx []int) error) error {
	if o.d.X != nil {
		o.permute(rng, o.perm)
		for b := 0; b < o.steps(); b++ {
			if err := f(o.d, o.perm[b*o.batch:min((b+1)*o.batch, o.n)]); err != nil {
				return err
			}
		}
		return nil
	}
	o.permute(rng, o.blockOrder)
	for g := 0; g < len(o.blockOrder); g += o.bufBlocks {
		rows := 0
		for _, blk := range o.blockOrder[g:min(g+o.bufBlocks, len(o.blockOrder))] {
			start := blk * o.batch
			k := min(o.batch, o.n-start)
			if err := o.d.Rows.ReadRows(start, k, o.buf[rows*o.d.Dim:(rows+k)*o.d.Dim]); err != nil {
				return fmt.Errorf("rows %d-%d: %w", start, start+k-1, err)
			}
			if o.check != nil {
				if err := o.check(start, o.buf[rows*o.d.Dim:(rows+k)*o.d.Dim]); err != nil {
					return err
				}
			}
			rows += k
		}
		perm := o.perm[:rows]
		o.permute(rng, perm)
		buf := Dataset{X: o.buf[:rows*o.d.Dim], Dim: o.d.Dim}
		for from := 0; from < rows; from += o.batch {
			if err := f(buf, perm[from:min(from+o.batch, rows)]); err != nil {
				return err
			}
		}
	}
	return nil
}

// permute sets p to 0..len(p)-1, shuffled unless the order is kept.
func (o *epochOrder) permute(rng *rand.Rand, p []int) {
	if o.inOrder {
		for i := range p {
			p[i] = i
		}
		return
	}
	shuffle(rng, p)
}

// shuffle sets p to a seeded permutation of 0..len(p)-1: Fisher-Yates over
// the identity, so that the order depends only on the generator's state.
func shuffle(rng *rand.Rand, p []int) {
	for i := range p {
		p[i] = i
	}
	rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
}

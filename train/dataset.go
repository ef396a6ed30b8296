package train

import "fmt"

// Dataset is a set of samples stored row after row in X, or, for data
// larger than memory, read from Rows as training goes (X nil): Fit then
// reads blocks of a batch's rows in a shuffled order, a shuffle buffer of
// them at a time, and shuffles the buffer, which mixes samples less than a
// full shuffle does (see Config.ShuffleBuffer). For an autoencoder Y is
// nil and the targets are the inputs.
type Dataset struct {
	X    []float32
	Y    []float32
	Dim  int  // values per sample
	Rows Rows // the samples, when X is nil
}

// Len returns the number of samples.
func (d Dataset) Len() int {
	switch {
	case d.Dim <= 0:
		return 0
	case d.X == nil && d.Rows != nil:
		return d.Rows.Len()
	}
	return len(d.X) / d.Dim
}

func (d Dataset) check(name string, dim int) error {
	if d.Dim != dim {
		return fmt.Errorf("train: %s set has %d values per sample, the model takes %d", name, d.Dim, dim)
	}
	if d.X == nil && d.Rows != nil && d.Y != nil {
		return fmt.Errorf("train: %s set: streamed rows take no separate targets", name)
	}
	if d.Dim <= 0 || len(d.X)%d.Dim != 0 {
		return fmt.Errorf("train: %s set: %d values are not whole samples of %d", name, len(d.X), d.Dim)
	}
	if d.Y != nil && len(d.Y) != len(d.X) {
		return fmt.Errorf("train: %s set: %d targets for %d inputs", name, len(d.Y), len(d.X))
	}
	if d.Len() == 0 {
		return fmt.Errorf("train: %s set is empty", name)
	}
	return nil
}

// Split returns the first 1-frac of d and its last frac, Keras's
// validation_split: the validation samples are taken from the end, before
// any shuffling.
func (d Dataset) Split(frac float64) (train, val Dataset, err error) {
	if frac <= 0 || frac >= 1 {
		return d, Dataset{}, fmt.Errorf("train: validation split %g must be in (0, 1)", frac)
	}
	n := d.Len()
	cut := n - int(float64(n)*frac)
	if cut <= 0 || cut >= n {
		return d, Dataset{}, fmt.Errorf("train: validation split %g of %d samples leaves an empty set", frac, n)
	}
	train, val = d.slice(0, cut), d.slice(cut, n)
	return train, val, nil
}

func (d Dataset) slice(from, to int) Dataset {
	s := Dataset{X: d.X[from*d.Dim : to*d.Dim], Dim: d.Dim}
	if d.Y != nil {
		s.Y = d.Y[from*d.Dim : to*d.Dim]
	}
	return s
}

package main

import (
	"errors"
	"fmt"
	"math"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// checkTargets refuses a bce net whose scaled training or validation data
// leave [0, 1], naming -loss, -scale and the values' range, before
// anything is written. A streamed set is checked by the trainer as its
// rows are read (see targetError).
func (o *options) checkTargets(s nets.Spec, trainSet, valSet train.Dataset) error {
	if s.LossName() != "bce" {
		return nil
	}
	for _, set := range []struct {
		what string
		d    train.Dataset
	}{{"data", trainSet}, {"validation data", valSet}} {
		if set.d.X == nil {
			continue
		}
		lo, hi := valueRange(set.d.X)
		if lo < 0 || hi > 1 {
			return usageError{Err: fmt.Errorf("-loss bce needs targets in [0, 1]; the %s scaled by -scale %s has values from %.3g to %.3g: %s",
				set.what, scaleKind(s), lo, hi, o.targetAdvice(s))}
		}
	}
	return nil
}

// targetError turns the trainer's report of a streamed row outside [0, 1]
// into the same bad flag; other errors pass unchanged.
func (o *options) targetError(s nets.Spec, err error) error {
	var re *train.TargetRangeError
	if !errors.As(err, &re) {
		return err
	}
	what := "data"
	if re.Set == "validation" {
		what = "validation data"
	}
	return usageError{Err: fmt.Errorf("-loss %s needs targets in [%g, %g]; row %d of the %s scaled by -scale %s holds %.3g: %s",
		re.Loss, re.Lo, re.Hi, re.Row, what, scaleKind(s), re.Value, o.targetAdvice(s))}
}

// targetAdvice says what would train: another scaling if one would help,
// or the mse loss.
func (o *options) targetAdvice(s nets.Spec) string {
	advice := "use -loss mse"
	if k := scaleKind(s); k != "minmax" && k != "unit" {
		advice = "use -scale minmax or -loss mse"
	}
	if o.resume != "" {
		advice = o.resume + " keeps its loss and scaling; start a new run and " + advice
	}
	return advice
}

// scaleKind names the scaling of the net's data.
func scaleKind(s nets.Spec) string {
	if s.Scale == nil {
		return "none"
	}
	return s.Scale.Kind
}

// valueRange returns the least and the greatest of x, NaN ignored.
func valueRange(x []float32) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = min(lo, float64(v)), max(hi, float64(v))
	}
	return lo, hi
}

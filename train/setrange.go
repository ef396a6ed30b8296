package train

import (
	"fmt"
	"math"
	"slices"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/sirupsen/logrus"
)

// SetRangeError is data whose scaled values leave the range the spec's
// loss needs: a bce net needs targets in [0, 1]. Prepare checks the sets
// in memory before anything is allocated; the trainer checks streamed
// rows as it reads them (TargetRangeError).
type SetRangeError struct {
	Set    string // "training" or "validation"
	Loss   string // the spec's loss
	Scale  string // the scaling's kind, "none" without one
	Lo, Hi float64
	// Min and Max are the least and the greatest value of the set.
	Min, Max float64
}

func (e *SetRangeError) Error() string {
	return fmt.Sprintf("train: the %s loss needs targets in [%g, %g]; the %s data scaled by %s has values from %.3g to %.3g",
		e.Loss, e.Lo, e.Hi, e.Set, e.Scale, e.Min, e.Max)
}

// checkTargets refuses a bce net whose scaled training or validation
// samples leave [0, 1]: the sets in memory, and with streamed the
// file-backed ones too, read once.
func checkTargets(s nets.Spec, trainSet, valSet Dataset, streamed bool) error {
	loss, err := s.Loss.Kind()
	if err != nil || !loss.UnitTargets {
		return nil
	}
	for _, set := range []struct {
		name string
		d    Dataset
	}{{"training", trainSet}, {"validation", valSet}} {
		if set.d.X == nil && (!streamed || set.d.Rows == nil) {
			continue
		}
		lo, hi, err := datasetRange(set.d)
		if err != nil {
			return fmt.Errorf("train: reading the %s data: %w", set.name, err)
		}
		if lo < 0 || hi > 1 {
			return &SetRangeError{Set: set.name, Loss: string(loss.Name), Scale: scaleName(s), Lo: 0, Hi: 1, Min: lo, Max: hi}
		}
	}
	return nil
}

// scaleName names the scaling of s, "none" without one.
func scaleName(s nets.Spec) string {
	if s.Scale == nil {
		return "none"
	}
	return s.Scale.Kind
}

// rangeBlock is how many rows datasetRange reads at a time.
const rangeBlock = 1024

// datasetRange returns the least and the greatest value of d, reading a
// file-backed set in blocks of rows.
func datasetRange(d Dataset) (lo, hi float64, err error) {
	if d.X != nil {
		lo, hi = valueRange(d.X)
		return lo, hi, nil
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	buf := make([]float32, min(rangeBlock, d.Rows.Len())*d.Dim)
	for start := 0; start < d.Rows.Len(); start += rangeBlock {
		n := min(rangeBlock, d.Rows.Len()-start)
		if err := d.Rows.ReadRows(start, n, buf[:n*d.Dim]); err != nil {
			return 0, 0, err
		}
		l, h := valueRange(buf[:n*d.Dim])
		lo, hi = min(lo, l), max(hi, h)
	}
	return lo, hi, nil
}

// valueRange returns the least and the greatest of x; a NaN makes both
// infinite, a range no loss takes (Go's min and max would return NaN,
// which every comparison lets through).
func valueRange(x []float32) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if v != v {
			return math.Inf(-1), math.Inf(1)
		}
		lo, hi = min(lo, float64(v)), max(hi, float64(v))
	}
	return lo, hi
}

// autoLoss returns spec switched to the mse loss with a linear output,
// logging why, when opts.AutoLoss lets Prepare choose the loss and err
// is a set whose scaled values leave the range of the spec's loss; other
// errors are returned as they are.
func autoLoss(spec nets.Spec, err error, opts FitOptions) (nets.Spec, error) {
	re, ok := err.(*SetRangeError)
	if !ok || !opts.AutoLoss {
		return spec, err
	}
	linear := nets.ActivationName(graph.Linear.String())
	spec.Loss, spec.Decoder = graph.MSE, slices.Clone(spec.Decoder)
	if n := len(spec.Decoder); n > 0 {
		spec.Decoder[n-1].Activation = linear
	}
	if spec.Output != "" {
		spec.Output = linear
	}
	log := opts.Log
	if log == nil {
		log = logrus.StandardLogger()
	}
	log.Warnf("the %s loss needs targets in [%g, %g], and the %s data scaled by %s has values from %.3g to %.3g: "+
		"training with the mse loss and a linear output instead; to keep %s, use data in [0, 1] (such as images), "+
		"or -scale minmax with validation rows inside the training rows' range",
		re.Loss, re.Lo, re.Hi, re.Set, re.Scale, re.Min, re.Max, re.Loss)
	return spec, nil
}

package train

import (
	"fmt"
	"math"

	"github.com/go-autoencoders/ae/nets"
)

// SetRangeError is data whose scaled values leave the range the spec's
// loss needs: a bce net needs targets in [0, 1]. Prepare checks the sets
// in memory before anything is allocated; the trainer checks streamed
// rows as it reads them (SetRangeError).
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
// samples in memory leave [0, 1].
func checkTargets(s nets.Spec, trainSet, valSet Dataset) error {
	loss, err := s.Loss.Kind()
	if err != nil || !loss.UnitTargets {
		return nil
	}
	scale := "none"
	if s.Scale != nil {
		scale = s.Scale.Kind
	}
	for _, set := range []struct {
		name string
		d    Dataset
	}{{"training", trainSet}, {"validation", valSet}} {
		if set.d.X == nil {
			continue
		}
		lo, hi := valueRange(set.d.X)
		if lo < 0 || hi > 1 {
			return &SetRangeError{Set: set.name, Loss: string(loss.Name), Scale: scale, Lo: 0, Hi: 1, Min: lo, Max: hi}
		}
	}
	return nil
}

// valueRange returns the least and the greatest of x, NaN ignored.
func valueRange(x []float32) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo, hi = min(lo, float64(v)), max(hi, float64(v))
	}
	return lo, hi
}

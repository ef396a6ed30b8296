package train

import (
	"math"
	"testing"
)

// TestValueRangeNaN: a NaN among the values is a range no loss takes, not
// one that every comparison lets through (Go's min and max return NaN).
func TestValueRangeNaN(t *testing.T) {
	lo, hi := valueRange([]float32{0.5, float32(math.NaN()), 0.25})
	if !(lo < 0 && hi > 1) {
		t.Errorf("valueRange with a NaN = [%v, %v], want a range that leaves [0, 1]", lo, hi)
	}
	if lo, hi := valueRange([]float32{0.5, 0, 1}); lo != 0 || hi != 1 {
		t.Errorf("valueRange = [%v, %v], want [0, 1]", lo, hi)
	}
}

package data

import (
	"fmt"
	"math"
)

// The kinds of [Scaler].
const (
	ScaleUnit     = "unit"     // x/255, for 8-bit data
	ScaleMinMax   = "minmax"   // (x-min)/(max-min) per feature, into [0, 1]
	ScaleStandard = "standard" // (x-mean)/std per feature
	ScaleNone     = "none"     // x
)

// A Scaler maps raw values to the values a model trains on, and back. It
// is plain data, so it can travel with a model: encoding/json writes it
// as {"kind":"minmax","Min":[...],"Max":[...]}.
//
// Statistics are per feature, a feature being one value position of a
// sample (a pixel of a channel, a CSV column), over all samples. A
// constant feature maps to 0 under minmax and standard scaling, and back
// to its value.
type Scaler struct {
	Kind string    `json:"kind"`
	Min  []float32 `json:",omitempty"` // minmax
	Max  []float32 `json:",omitempty"` // minmax
	Mean []float32 `json:",omitempty"` // standard
	Std  []float32 `json:",omitempty"` // standard: population standard deviation
	// Size is the number of values of a sample, for gcn-l1, which
	// normalises each sample by itself (Min and Max then hold one bound
	// each).
	Size int `json:",omitempty"`
}

// scaleBlock is the number of values FitScaler reads at a time from a
// file-backed set.
const scaleBlock = 1 << 20

// FitScaler fits a scaler of the given kind to the samples of s, in
// memory or file-backed. Kind "" picks the default: "unit" for 8-bit
// data (s.Uint8), else "none" if every value already lies in [0, 1], else
// "minmax". Statistics are computed in float64, so that a feature
// spanning -3e38 to 3e38 scales; a feature holding NaN or an infinity is
// an error naming it.
func FitScaler(kind string, s *Set) (*Scaler, error) {
	size, n := s.Size(), s.Len()
	if n == 0 || size == 0 {
		return nil, fmt.Errorf("data: %s: %w to fit a scaler to", s.Source, ErrNoData)
	}
	switch kind {
	case ScaleUnit, ScaleNone:
		return &Scaler{Kind: kind}, nil
	case ScaleGCNL1:
		return fitGCN(s)
	case "", ScaleMinMax, ScaleStandard:
	default:
		return nil, fmt.Errorf("data: unknown scaling %q; want %q, %q, %q, %q or %q", kind, ScaleUnit, ScaleMinMax, ScaleStandard, ScaleGCNL1, ScaleNone)
	}
	if w, ok := Windowed(s); ok {
		return seriesScaler(kind, s, w)
	}
	if kind == "" && s.Uint8 {
		return &Scaler{Kind: ScaleUnit}, nil
	}
	st := newStats(size)
	if err := eachBlock(s, st.add); err != nil {
		return nil, err
	}
	if err := st.checkFinite(); err != nil {
		return nil, fmt.Errorf("data: %s: %w", s.Source, err)
	}
	switch kind {
	case "":
		if st.allUnit() {
			return &Scaler{Kind: ScaleNone}, nil
		}
		return st.minMax(), nil
	case ScaleMinMax:
		return st.minMax(), nil
	}
	return st.standard(), nil
}

// eachBlock calls f with blocks of whole samples of s.
func eachBlock(s *Set, f func(x []float32)) error {
	if s.X != nil || s.Rows == nil {
		f(s.X)
		return nil
	}
	size, n := s.Size(), s.Len()
	per := max(1, scaleBlock/size)
	buf := make([]float32, min(per, n)*size)
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		if err := s.ReadRows(start, k, buf[:k*size]); err != nil {
			return err
		}
		f(buf[:k*size])
	}
	return nil
}

// stats accumulates per-feature statistics: min, max, and mean and sum of
// squared deviations (Welford's, merged a block at a time by Chan's
// formula, in float64).
type stats struct {
	n        int
	min, max []float32
	mean, m2 []float64
	bmean    []float64 // scratch for one block
}

func newStats(size int) *stats {
	st := &stats{min: make([]float32, size), max: make([]float32, size),
		mean: make([]float64, size), m2: make([]float64, size), bmean: make([]float64, size)}
	for i := range st.min {
		st.min[i], st.max[i] = float32(math.Inf(1)), float32(math.Inf(-1))
	}
	return st
}

// add adds the samples of x, a block of whole samples.
func (st *stats) add(x []float32) {
	size := len(st.min)
	k := len(x) / size
	if k == 0 {
		return
	}
	clear(st.bmean)
	for s := 0; s < len(x); s += size {
		for i, v := range x[s : s+size] {
			st.min[i] = min(st.min[i], v)
			st.max[i] = max(st.max[i], v)
			st.bmean[i] += float64(v)
		}
	}
	for i := range st.bmean {
		st.bmean[i] /= float64(k)
	}
	// The block's sum of squared deviations, from its own mean.
	bm2 := make([]float64, size)
	for s := 0; s < len(x); s += size {
		for i, v := range x[s : s+size] {
			d := float64(v) - st.bmean[i]
			bm2[i] += d * d
		}
	}
	n, nk := float64(st.n), float64(k)
	tot := n + nk
	for i := range st.mean {
		delta := st.bmean[i] - st.mean[i]
		st.mean[i] += delta * nk / tot
		st.m2[i] += bm2[i] + delta*delta*n*nk/tot
	}
	st.n += k
}

// checkFinite returns an error naming the first feature that holds a NaN
// or an infinity, which no scaling can map to finite values.
func (st *stats) checkFinite() error {
	for i := range st.min {
		for _, v := range []float32{st.min[i], st.max[i]} {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("feature %d holds %v, which cannot be scaled", i, v)
			}
		}
	}
	return nil
}

// allUnit reports whether every value lies in [0, 1].
func (st *stats) allUnit() bool {
	for i := range st.min {
		if st.min[i] < 0 || st.max[i] > 1 {
			return false
		}
	}
	return true
}

func (st *stats) minMax() *Scaler {
	return &Scaler{Kind: ScaleMinMax, Min: st.min, Max: st.max}
}

func (st *stats) standard() *Scaler {
	c := &Scaler{Kind: ScaleStandard, Mean: make([]float32, len(st.mean)), Std: make([]float32, len(st.mean))}
	for i := range st.mean {
		c.Mean[i] = float32(st.mean[i])
		c.Std[i] = float32(math.Sqrt(st.m2[i] / float64(st.n)))
	}
	return c
}

// Features returns the number of features the scaler was fitted to, or 0
// for kinds that scale every value alike.
func (c *Scaler) Features() int {
	switch c.Kind {
	case ScaleMinMax:
		return len(c.Min)
	case ScaleStandard:
		return len(c.Mean)
	case ScaleGCNL1:
		return c.Size
	}
	return 0
}

// Check reports whether the scaler is well formed, as one read from a
// file may not be: a known kind, one bound of each kind per feature, every
// bound finite, no minimum above its maximum and no negative deviation.
// Errors name the field and the feature, such as "Min[3]".
func (c *Scaler) Check() error {
	switch c.Kind {
	case ScaleUnit, ScaleNone:
		return nil
	case ScaleMinMax:
		if len(c.Min) == 0 || len(c.Min) != len(c.Max) {
			return fmt.Errorf("data: minmax scaler with %d minima and %d maxima", len(c.Min), len(c.Max))
		}
		return c.checkMinMax()
	case ScaleStandard:
		if len(c.Mean) == 0 || len(c.Mean) != len(c.Std) {
			return fmt.Errorf("data: standard scaler with %d means and %d deviations", len(c.Mean), len(c.Std))
		}
		return c.checkStandard()
	case ScaleGCNL1:
		return c.checkGCN()
	}
	return fmt.Errorf("data: unknown scaling %q", c.Kind)
}

// checkMinMax checks that each feature's bounds are finite and ordered.
func (c *Scaler) checkMinMax() error {
	for i := range c.Min {
		if err := checkBound("Min", i, c.Min[i]); err != nil {
			return err
		}
		if err := checkBound("Max", i, c.Max[i]); err != nil {
			return err
		}
		if c.Min[i] > c.Max[i] {
			return fmt.Errorf("data: minmax scaler: feature %d: Min[%d] = %v is above Max[%d] = %v", i, i, c.Min[i], i, c.Max[i])
		}
	}
	return nil
}

// checkStandard checks that each feature's mean and deviation are finite
// and the deviation not negative.
func (c *Scaler) checkStandard() error {
	for i := range c.Mean {
		if err := checkBound("Mean", i, c.Mean[i]); err != nil {
			return err
		}
		if err := checkBound("Std", i, c.Std[i]); err != nil {
			return err
		}
		if c.Std[i] < 0 {
			return fmt.Errorf("data: standard scaler: feature %d: Std[%d] = %v is negative", i, i, c.Std[i])
		}
	}
	return nil
}

// checkBound returns an error naming field[i] if v is not finite.
func checkBound(field string, i int, v float32) error {
	if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
		return fmt.Errorf("data: scaler: feature %d: %s[%d] = %v is not finite", i, field, i, v)
	}
	return nil
}

// Apply scales x in place: whole samples, each of Features() values for
// minmax and standard scalers. Minmax and standard scaling compute in
// float64; a value that is not finite or scales beyond the float32 range
// is an error naming its feature, and x is then left partly scaled.
func (c *Scaler) Apply(x []float32) error {
	if err := c.fits(x); err != nil {
		return err
	}
	switch c.Kind {
	case ScaleUnit:
		for i := range x {
			x[i] /= 255
		}
	case ScaleGCNL1:
		return c.applyGCN(x)
	case ScaleMinMax:
		return c.scaleEach(x, c.Min, c.Max, "scales", func(v, lo, hi float64) float64 {
			if hi > lo {
				return (v - lo) / (hi - lo)
			}
			return 0
		})
	case ScaleStandard:
		return c.scaleEach(x, c.Mean, c.Std, "scales", func(v, mean, std float64) float64 {
			if std > 0 {
				return (v - mean) / std
			}
			return 0
		})
	}
	return nil
}

// Invert maps scaled values x back to the original units, in place, with
// the errors of Apply.
func (c *Scaler) Invert(x []float32) error {
	if err := c.fits(x); err != nil {
		return err
	}
	switch c.Kind {
	case ScaleUnit:
		for i := range x {
			x[i] *= 255
		}
	case ScaleGCNL1:
		c.invertGCN(x)
	case ScaleMinMax:
		return c.scaleEach(x, c.Min, c.Max, "maps back", func(v, lo, hi float64) float64 {
			return lo + v*(hi-lo)
		})
	case ScaleStandard:
		return c.scaleEach(x, c.Mean, c.Std, "maps back", func(v, mean, std float64) float64 {
			return mean + v*std
		})
	}
	return nil
}

// fits checks the scaler and that x holds whole samples for it.
func (c *Scaler) fits(x []float32) error {
	if err := c.Check(); err != nil {
		return err
	}
	if f := c.Features(); f > 0 && len(x)%f != 0 {
		return fmt.Errorf("data: %s scaler of %d features given %d values, not a whole number of samples", c.Kind, f, len(x))
	}
	return nil
}

// scaleEach sets each value of x to f(value, a[i], b[i]), computed in
// float64, i being the value's feature. A result that is not a finite
// float32 is an error naming the feature; op says what f does.
func (c *Scaler) scaleEach(x, a, b []float32, op string, f func(v, a, b float64) float64) error {
	size := len(a)
	for s := 0; s < len(x); s += size {
		row := x[s : s+size]
		for i, v := range row {
			r := f(float64(v), float64(a[i]), float64(b[i]))
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) || math.Abs(r) > math.MaxFloat32 {
				return fmt.Errorf("data: %s scaler: feature %d: %v %s to %g, not a finite float32", c.Kind, i, v, op, r)
			}
			row[i] = float32(r)
		}
	}
	return nil
}

// ScaledRows returns rows that read r and scale what they read with c:
// a file-backed set seen in the units a net works in.
func (c *Scaler) ScaledRows(r Rows) Rows { return scaledRows{r, c} }

type scaledRows struct {
	rows Rows
	c    *Scaler
}

func (s scaledRows) Len() int { return s.rows.Len() }

func (s scaledRows) ReadRows(start, n int, dst []float32) error {
	if err := s.rows.ReadRows(start, n, dst); err != nil {
		return err
	}
	return s.c.Apply(dst) // dst holds the n rows, as Rows's callers give it
}

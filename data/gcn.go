package data

import (
	"fmt"
	"math"
)

// ScaleGCNL1 is global contrast normalisation with the l1 norm, then
// min-max: each sample less its own mean, divided by its mean absolute
// deviation from that mean, then (v-Min[0])/(Max[0]-Min[0]) with the
// least and greatest normalised value of the training samples. It is the
// preprocessing of Ruff et al. 2018 (Deep SVDD), whose code takes the
// bounds of the normal class's training data, as fitting on it does.
const ScaleGCNL1 = "gcn-l1"

// fitGCN fits a gcn-l1 scaler to the samples of s: the bounds of their
// normalised values.
func fitGCN(s *Set) (*Scaler, error) {
	size := s.Size()
	lo, hi := math.Inf(1), math.Inf(-1)
	row := make([]float64, size)
	var bad error
	err := eachBlock(s, func(x []float32) {
		for start := 0; start+size <= len(x) && bad == nil; start += size {
			if bad = gcnRow(x[start:start+size], row); bad != nil {
				bad = fmt.Errorf("data: %s: sample %d: %w", s.Source, start/size, bad)
			}
			for _, v := range row {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if bad != nil {
		return nil, bad
	}
	return &Scaler{Kind: ScaleGCNL1, Size: size, Min: []float32{float32(lo)}, Max: []float32{float32(hi)}}, nil
}

// gcnRow sets out to the global contrast normalisation of x: (x -
// mean)/mean|x - mean|, in float64. A constant sample, which has no
// contrast, maps to zeros; a value that is not finite is an error.
func gcnRow(x []float32, out []float64) error {
	var mean float64
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("feature %d holds %v, which cannot be scaled", i, v)
		}
		mean += float64(v)
	}
	mean /= float64(len(x))
	var mad float64
	for i, v := range x {
		out[i] = float64(v) - mean
		mad += math.Abs(out[i])
	}
	mad /= float64(len(x))
	for i := range out {
		if mad > 0 {
			out[i] /= mad
		} else {
			out[i] = 0
		}
	}
	return nil
}

// applyGCN scales the samples of x in place (Apply of a gcn-l1 scaler).
func (c *Scaler) applyGCN(x []float32) error {
	lo, hi := float64(c.Min[0]), float64(c.Max[0])
	row := make([]float64, c.Size)
	for start := 0; start < len(x); start += c.Size {
		if err := gcnRow(x[start:start+c.Size], row); err != nil {
			return fmt.Errorf("data: gcn-l1 scaler: sample %d: %w", start/c.Size, err)
		}
		for i, v := range row {
			r := 0.0
			if hi > lo {
				r = (v - lo) / (hi - lo)
			}
			x[start+i] = float32(r)
		}
	}
	return nil
}

// invertGCN undoes the min-max step of a gcn-l1 scaler, in place: the
// values come back contrast-normalised, since a sample's own mean and
// deviation, which the normalisation drops, cannot be recovered.
func (c *Scaler) invertGCN(x []float32) {
	lo, hi := c.Min[0], c.Max[0]
	for i, v := range x {
		x[i] = lo + v*(hi-lo)
	}
}

// checkGCN checks a gcn-l1 scaler read from a file.
func (c *Scaler) checkGCN() error {
	if c.Size <= 0 || len(c.Min) != 1 || len(c.Max) != 1 {
		return fmt.Errorf("data: gcn-l1 scaler needs a positive Size and one Min and Max, has Size %d, %d minima and %d maxima", c.Size, len(c.Min), len(c.Max))
	}
	return c.checkMinMax()
}

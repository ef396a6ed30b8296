package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/data"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
)

// onnxScalers maps each kind of data.Scaler to the ONNX nodes of its Apply
// and its Invert. The nodes compute in float32 where Apply computes in
// float64, so that a scaled value may differ in its last bit.
var onnxScalers = map[string]struct {
	apply, invert func(b *onnxBuilder, s *data.Scaler, x string) string
}{
	data.ScaleNone: {
		apply:  func(_ *onnxBuilder, _ *data.Scaler, x string) string { return x },
		invert: func(_ *onnxBuilder, _ *data.Scaler, x string) string { return x },
	},
	data.ScaleUnit: {
		apply: func(b *onnxBuilder, _ *data.Scaler, x string) string {
			return b.node("Div", "scale/div", []string{x, b.scalar("scale/255", 255)})
		},
		invert: func(b *onnxBuilder, _ *data.Scaler, x string) string {
			return b.node("Mul", "unscale/mul", []string{x, b.scalar("scale/255", 255)})
		},
	},
	data.ScaleMinMax: {
		apply: func(b *onnxBuilder, s *data.Scaler, x string) string {
			return scaleAffine(b, "scale", x, s.Min, inverseSpans(s.Min, s.Max))
		},
		invert: func(b *onnxBuilder, s *data.Scaler, x string) string {
			return unscaleAffine(b, x, s.Min, spans(s.Min, s.Max))
		},
	},
	data.ScaleGCNL1: {apply: gcnApply, invert: gcnInvert},
	data.ScaleStandard: {
		apply: func(b *onnxBuilder, s *data.Scaler, x string) string {
			return scaleAffine(b, "scale", x, s.Mean, inverseSpans(make([]float32, len(s.Std)), s.Std))
		},
		invert: func(b *onnxBuilder, s *data.Scaler, x string) string {
			return unscaleAffine(b, x, s.Mean, s.Std)
		},
	},
}

// gcnApply adds a gcn-l1 scaler's Apply in float64, as data's gcnRow
// computes it: each row less its mean, divided by its mean absolute
// deviation (a row of none maps to zeros), then (v - Min)/(Max - Min),
// zeros where Max ≤ Min; the result is rounded to float32.
func gcnApply(b *onnxBuilder, s *data.Scaler, x string) string {
	x = b.cast("scale/double", x, pb.TensorProto_DOUBLE)
	rowMean := func(name, v string) string {
		return b.node("ReduceMean", name, []string{v}, attrInts("axes", 1), attrInt("keepdims", 1))
	}
	d := b.node("Sub", "scale/centre", []string{x, rowMean("scale/mean", x)})
	mad := rowMean("scale/mad", b.node("Abs", "scale/abs", []string{d}))
	zero := b.doubles("scale/0", nil, []float64{0})
	none := b.node("Equal", "scale/no_contrast", []string{mad, zero})
	g := b.node("Where", "scale/gcn", []string{none, zero, b.node("Div", "scale/normalise", []string{d, mad})})
	lo, hi := float64(s.Min[0]), float64(s.Max[0])
	var y string
	if hi > lo {
		y = b.node("Div", "scale/minmax", []string{b.node("Sub", "scale/sub", []string{g, b.doubles("scale/min", nil, []float64{lo})}),
			b.doubles("scale/span", nil, []float64{hi - lo})})
	} else {
		y = b.node("Mul", "scale/minmax", []string{g, zero})
	}
	return b.cast("scale/float", y, pb.TensorProto_FLOAT)
}

// gcnInvert adds a gcn-l1 scaler's Invert, Min + v·(Max - Min) in
// float32: the values come back contrast-normalised, as in Go.
func gcnInvert(b *onnxBuilder, s *data.Scaler, x string) string {
	lo, hi := s.Min[0], s.Max[0]
	y := b.node("Mul", "unscale/mul", []string{x, b.scalar("unscale/span", hi-lo)})
	return b.node("Add", "unscale/add", []string{y, b.scalar("unscale/min", lo)})
}

// scaleAffine adds (x - shift)·mul.
func scaleAffine(b *onnxBuilder, name, x string, shift, mul []float32) string {
	n := []int{len(shift)}
	y := b.node("Sub", name+"/sub", []string{x, b.floats(name+"/shift", n, shift)})
	return b.node("Mul", name+"/mul", []string{y, b.floats(name+"/mul_by", n, mul)})
}

// unscaleAffine adds x·mul + shift.
func unscaleAffine(b *onnxBuilder, x string, shift, mul []float32) string {
	n := []int{len(shift)}
	y := b.node("Mul", "unscale/mul", []string{x, b.floats("unscale/mul_by", n, mul)})
	return b.node("Add", "unscale/add", []string{y, b.floats("scale/shift", n, shift)})
}

// spans returns hi - lo per feature.
func spans(lo, hi []float32) []float32 {
	out := make([]float32, len(lo))
	for i := range lo {
		out[i] = float32(float64(hi[i]) - float64(lo[i]))
	}
	return out
}

// inverseSpans returns 1/(hi - lo) per feature, 0 where hi ≤ lo (a
// constant feature, which Apply maps to 0).
func inverseSpans(lo, hi []float32) []float32 {
	out := make([]float32, len(lo))
	for i := range lo {
		if hi[i] > lo[i] {
			out[i] = float32(1 / (float64(hi[i]) - float64(lo[i])))
		}
	}
	return out
}

// onnxScaler returns the spec's scaler's entry, none for a nil scaler.
func (p *plan) onnxScaler() (*data.Scaler, func(*onnxBuilder, *data.Scaler, string) string, func(*onnxBuilder, *data.Scaler, string) string, error) {
	s := p.spec.Scale
	if s == nil {
		s = &data.Scaler{Kind: data.ScaleNone}
	}
	m, ok := onnxScalers[s.Kind]
	if !ok {
		return nil, nil, nil, fmt.Errorf("nets: onnx: scaling %q has no ONNX form", s.Kind)
	}
	return s, m.apply, m.invert, nil
}

// onnxScale adds the spec's scaling of raw samples x.
func (p *plan) onnxScale(b *onnxBuilder, x string) (string, error) {
	s, apply, _, err := p.onnxScaler()
	if err != nil {
		return "", err
	}
	return apply(b, s, x), nil
}

// onnxUnscale adds the inverse of the spec's scaling.
func (p *plan) onnxUnscale(b *onnxBuilder, x string) (string, error) {
	s, _, invert, err := p.onnxScaler()
	if err != nil {
		return "", err
	}
	return invert(b, s, x), nil
}

package nets

import (
	"slices"

	"github.com/go-autoencoders/ae/graph"
)

// The out functions of the table of kinds: each returns a layer's output
// shape for its input's and the shapes of its parameters, checking the
// settings its kind uses. Their input has the axes the kind takes.

func denseOut(l Layer, in []int) ([]int, [][]int, error) {
	if err := positive("units", l.Units); err != nil {
		return nil, nil, err
	}
	return []int{l.Units}, [][]int{{in[0], l.Units}, {l.Units}}, nil
}

func convOut(l Layer, in []int) ([]int, [][]int, error) {
	h, w, err := l.convSides(in, graph.Padding.Length)
	if err != nil {
		return nil, nil, err
	}
	return []int{l.Filters, h, w}, [][]int{{l.Filters, in[0], l.Kernel, l.Kernel}, {l.Filters}}, nil
}

func convTransposeOut(l Layer, in []int) ([]int, [][]int, error) {
	h, w, err := l.convSides(in, graph.Padding.TransposedLength)
	if err != nil {
		return nil, nil, err
	}
	return []int{l.Filters, h, w}, [][]int{{in[0], l.Filters, l.Kernel, l.Kernel}, {l.Filters}}, nil
}

// convSides checks a convolution's settings and returns the sides of its
// output, each the length that length gives.
func (l Layer) convSides(in []int, length func(graph.Padding, int, int, int) (int, error)) (h, w int, err error) {
	for _, f := range []struct {
		name string
		v    int
	}{{"filters", l.Filters}, {"kernel", l.Kernel}, {"stride", l.stride()}} {
		if err := positive(f.name, f.v); err != nil {
			return 0, 0, err
		}
	}
	_, pad, err := l.settings()
	if err != nil {
		return 0, 0, err
	}
	if h, err = length(pad, in[1], l.Kernel, l.stride()); err == nil {
		w, err = length(pad, in[2], l.Kernel, l.stride())
	}
	if err != nil {
		return 0, 0, &fieldError{"kernel", err}
	}
	if h > maxDim || w > maxDim {
		return 0, 0, bad("stride", "output %dx%d is too large", h, w)
	}
	return h, w, nil
}

func poolOut(l Layer, in []int) ([]int, [][]int, error) {
	k := l.window()
	if err := positive("size", k); err != nil {
		return nil, nil, err
	}
	_, pad, err := l.settings()
	if err != nil {
		return nil, nil, err
	}
	h, errH := pad.Length(in[1], k, k)
	w, errW := pad.Length(in[2], k, k)
	if errH != nil || errW != nil || h <= 0 || w <= 0 {
		return nil, nil, bad("size", "pooling %dx%d by %d leaves nothing", in[1], in[2], k)
	}
	return []int{in[0], h, w}, nil, nil
}

func upsampleOut(l Layer, in []int) ([]int, [][]int, error) {
	k := l.window()
	if err := positive("size", k); err != nil {
		return nil, nil, err
	}
	if in[1]*k > maxDim || in[2]*k > maxDim {
		return nil, nil, bad("size", "upsampling %dx%d by %d is too large", in[1], in[2], k)
	}
	return []int{in[0], in[1] * k, in[2] * k}, nil, nil
}

func flattenOut(_ Layer, in []int) ([]int, [][]int, error) {
	if len(in) < 2 {
		return nil, nil, bad("type", "flatten takes images, it gets %v", in)
	}
	return []int{size(in)}, nil, nil
}

func reshapeOut(l Layer, in []int) ([]int, [][]int, error) {
	if len(l.Shape) == 0 || slices.ContainsFunc(l.Shape, func(d int) bool { return d <= 0 || d > maxDim }) {
		return nil, nil, bad("shape", "%v is not a shape", l.Shape)
	}
	if size(l.Shape) != size(in) {
		return nil, nil, bad("shape", "%v holds %d values, the input %v holds %d", l.Shape, size(l.Shape), in, size(in))
	}
	return slices.Clone(l.Shape), nil, nil
}

func dropoutOut(l Layer, in []int) ([]int, [][]int, error) {
	if !(l.Rate >= 0 && l.Rate < 1) {
		return nil, nil, bad("rate", "must be in [0, 1), got %g", l.Rate)
	}
	return slices.Clone(in), nil, nil
}

func batchNormOut(_ Layer, in []int) ([]int, [][]int, error) {
	return slices.Clone(in), [][]int{{in[0]}, {in[0]}, {in[0]}, {in[0]}}, nil
}

func concreteOut(l Layer, in []int) ([]int, [][]int, error) {
	if err := positive("units", l.Units); err != nil {
		return nil, nil, err
	}
	if l.Units > in[0] {
		return nil, nil, bad("units", "cannot select %d of %d features", l.Units, in[0])
	}
	return []int{l.Units}, [][]int{{l.Units, in[0]}, {1}}, nil
}

// positive checks a size setting.
func positive(field string, v int) error {
	if v <= 0 || v > maxDim {
		return bad(field, "must be in [1, %d], got %d", maxDim, v)
	}
	return nil
}

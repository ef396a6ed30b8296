package nets

import (
	"slices"
	"strconv"

	"github.com/go-autoencoders/ae/graph"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
)

// The read functions of the table of kinds: each reads the node the chain
// stands on, which is one of the kind's ops, with a sample of shape in.

func readDense(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	if len(in) != 1 {
		return Layer{}, nil, nodeErr(n, "a dense layer takes vectors, not samples of shape %v", in)
	}
	w, ok := c.input(n, 1)
	if !ok || len(w.shape) != 2 || w.f == nil {
		return Layer{}, nil, nodeErr(n, "the weights must be a constant float matrix")
	}
	if n.GetOpType() == "Gemm" {
		if attrIntOr(n, "transA", 0) != 0 || attrFloatOr(n, "alpha", 1) != 1 || attrFloatOr(n, "beta", 1) != 1 {
			return Layer{}, nil, nodeErr(n, "only transA 0, alpha 1 and beta 1 are read")
		}
		if attrIntOr(n, "transB", 0) == 1 {
			w = transpose(w)
		}
	}
	if w.shape[0] != in[0] {
		return Layer{}, nil, nodeErr(n, "weights of shape %v do not take %d inputs", w.shape, in[0])
	}
	units := w.shape[1]
	ws := onnxWeights{"w": w}
	b, hasB := c.input(n, 2)
	c.take(n)
	if n.GetOpType() == "MatMul" { // the bias is the Add after it
		if add, _ := c.peek(); add != nil && add.GetOpType() == "Add" {
			if b, hasB = c.input(add, 1); !hasB {
				return Layer{}, nil, nodeErr(add, "the bias must be a constant")
			}
			c.take(add)
		}
	}
	if !hasB {
		return Dense(units, graph.Linear).NoBias(), ws, nil
	}
	if b.f == nil || len(b.f) != units {
		return Layer{}, nil, nodeErr(n, "a bias of shape %v for %d units", b.shape, units)
	}
	ws["b"] = onnxTensor{shape: []int{units}, f: b.f}
	return Dense(units, graph.Linear), ws, nil
}

// transpose returns the transpose of a matrix.
func transpose(t onnxTensor) onnxTensor {
	r, c := t.shape[0], t.shape[1]
	out := onnxTensor{shape: []int{c, r}, f: make([]float32, len(t.f))}
	for i := range r {
		for j := range c {
			out.f[j*r+i] = t.f[i*c+j]
		}
	}
	return out
}

func attrFloatOr(n *pb.NodeProto, name string, def float32) float32 {
	if a := attr(n, name); a != nil {
		return a.GetF()
	}
	return def
}

// convWeights reads the kernel and bias (none for a node without) of a
// Conv or ConvTranspose node and checks its attributes: square kernel, equal strides, no dilation
// or groups. out is the axis of the kernel that counts the filters.
func convWeights(c *onnxChain, n *pb.NodeProto, in []int, out int) (onnxWeights, int, int, error) {
	w, ok := c.input(n, 1)
	if !ok || len(w.shape) != 4 || w.f == nil || w.shape[2] != w.shape[3] {
		return nil, 0, 0, nodeErr(n, "the kernel must be a constant float tensor of 4 axes with a square window")
	}
	if len(in) != 3 || w.shape[1-out] != in[0] {
		return nil, 0, 0, nodeErr(n, "a kernel of shape %v does not take samples of shape %v", w.shape, in)
	}
	s := attrIntsOr(n, "strides", 1, 1)
	if len(s) != 2 || s[0] != s[1] || s[0] < 1 || attrIntOr(n, "group", 1) != 1 ||
		!slices.Equal(attrIntsOr(n, "dilations", 1, 1), []int{1, 1}) || attrStringOr(n, "auto_pad", "NOTSET") != "NOTSET" {
		return nil, 0, 0, nodeErr(n, "only equal strides, no dilation, no groups and explicit pads are read")
	}
	if k := attrIntsOr(n, "kernel_shape", w.shape[2], w.shape[3]); !slices.Equal(k, w.shape[2:]) {
		return nil, 0, 0, nodeErr(n, "kernel_shape %v is not the kernel's %v", k, w.shape[2:])
	}
	filters := w.shape[out]
	b, ok := c.input(n, 2)
	if !ok { // bias-free
		return onnxWeights{"w": w}, filters, s[0], nil
	}
	if b.f == nil || len(b.f) != filters {
		return nil, 0, 0, nodeErr(n, "a bias of shape %v for %d filters", b.shape, filters)
	}
	return onnxWeights{"w": w, "b": onnxTensor{shape: []int{filters}, f: b.f}}, filters, s[0], nil
}

func readConv(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	ws, filters, s, err := convWeights(c, n, in, 0)
	if err != nil {
		return Layer{}, nil, err
	}
	k := ws["w"].shape[2]
	l := Conv(filters, k, graph.Linear).WithStride(s)
	if l.Stride == 1 {
		l.Stride = 0
	}
	if _, ok := ws["b"]; !ok {
		l = l.NoBias()
	}
	pads := attrIntsOr(n, "pads", 0, 0, 0, 0)
	switch {
	case slices.Equal(pads, windowPads(graph.Same, in[1:], k, s)):
	case slices.Equal(pads, []int{0, 0, 0, 0}):
		l = l.Valid()
	default:
		return Layer{}, nil, nodeErr(n, "pads %v are neither 'same' nor 'valid' padding", pads)
	}
	c.take(n)
	return l, ws, nil
}

func readConvTranspose(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	ws, filters, s, err := convWeights(c, n, in, 1)
	if err != nil {
		return Layer{}, nil, err
	}
	k := ws["w"].shape[2]
	l := ConvTranspose(filters, k, s, graph.Linear)
	if _, ok := ws["b"]; !ok { // the kind has no bias-free form
		ws["b"] = onnxTensor{shape: []int{filters}, f: make([]float32, filters)}
	}
	pads := attrIntsOr(n, "pads", 0, 0, 0, 0)
	extra := max(s-k, 0)
	if op := attrIntsOr(n, "output_padding", 0, 0); !slices.Equal(op, []int{extra, extra}) || attr(n, "output_shape") != nil {
		return Layer{}, nil, nodeErr(n, "output_padding %v is not the %d of 'same' or 'valid' padding", op, extra)
	}
	switch {
	case slices.Equal(pads, windowPads(graph.Same, []int{in[1] * s, in[2] * s}, k, s)):
	case slices.Equal(pads, []int{0, 0, 0, 0}):
		l = l.Valid()
	default:
		return Layer{}, nil, nodeErr(n, "pads %v are neither 'same' nor 'valid' padding", pads)
	}
	c.take(n)
	return l, ws, nil
}

func readPool(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	k := attrIntsOr(n, "kernel_shape")
	if len(in) != 3 || len(k) != 2 || k[0] != k[1] || k[0] < 1 || !slices.Equal(attrIntsOr(n, "strides", 1, 1), k) ||
		!slices.Equal(attrIntsOr(n, "dilations", 1, 1), []int{1, 1}) || attrIntOr(n, "storage_order", 0) != 0 ||
		attrStringOr(n, "auto_pad", "NOTSET") != "NOTSET" || len(n.GetOutput()) != 1 {
		return Layer{}, nil, nodeErr(n, "only a square window moving by its size over images, with explicit pads, is read")
	}
	l := MaxPool(k[0])
	pads, same := attrIntsOr(n, "pads", 0, 0, 0, 0), windowPads(graph.Same, in[1:], k[0], k[0])
	ceil := attrIntOr(n, "ceil_mode", 0)
	switch {
	case ceil == 0 && slices.Equal(pads, same):
	case ceil == 1 && slices.Equal(pads, []int{0, 0, 0, 0}) && same[0] == 0 && same[1] == 0:
	case ceil == 0 && slices.Equal(pads, []int{0, 0, 0, 0}):
		l = l.Valid()
	default:
		return Layer{}, nil, nodeErr(n, "pads %v with ceil_mode %d are neither 'same' nor 'valid' padding", pads, ceil)
	}
	c.take(n)
	return l, nil, nil
}

func readUpsample(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	scales, ok := c.input(n, 2)
	sc, whole := scales.ints()
	if sizes, has := c.input(n, 3); has && len(in) == 3 {
		sz, _ := sizes.ints()
		if len(sz) == 4 && sz[2]%in[1] == 0 && sz[3]%in[2] == 0 {
			sc, whole, ok = []int{1, 1, sz[2] / in[1], sz[3] / in[2]}, true, true
		}
	}
	if !ok || !whole || len(in) != 3 || len(sc) != 4 || sc[0] != 1 || sc[1] != 1 || sc[2] != sc[3] || sc[2] < 1 {
		return Layer{}, nil, nodeErr(n, "only a constant whole factor, the same for both sides of images, is read")
	}
	mode, ctm, nm := attrStringOr(n, "mode", "nearest"), attrStringOr(n, "coordinate_transformation_mode", "half_pixel"), attrStringOr(n, "nearest_mode", "round_prefer_floor")
	halfPixel := (ctm == "half_pixel" || ctm == "pytorch_half_pixel") && nm != "floor" && nm != "ceil"
	if mode != "nearest" || !(ctm == "asymmetric" && nm == "floor" || halfPixel) {
		return Layer{}, nil, nodeErr(n, "mode %s, coordinate_transformation_mode %s, nearest_mode %s is not a repetition of pixels", mode, ctm, nm)
	}
	c.take(n)
	return UpSample(sc[2]), nil, nil
}

func readFlatten(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	if attrIntOr(n, "axis", 1) != 1 {
		return Layer{}, nil, nodeErr(n, "only axis 1 is read")
	}
	c.take(n)
	return Flatten(), nil, nil
}

func readReshape(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	shape, err := reshapeTarget(c, n, in)
	if err != nil {
		return Layer{}, nil, err
	}
	c.take(n)
	if len(shape) == 1 {
		return Flatten(), nil, nil
	}
	return Reshape(shape...), nil, nil
}

// reshapeTarget returns the per-sample shape a Reshape node gives a
// sample of shape in: its constant shape, of -1 or 0 for the batch.
func reshapeTarget(c *onnxChain, n *pb.NodeProto, in []int) ([]int, error) {
	t, ok := c.input(n, 1)
	s, whole := t.ints()
	if !ok || !whole || t.i == nil || len(s) < 2 || s[0] != -1 && s[0] != 0 || slices.Contains(s[1:], -1) || slices.Contains(s[1:], 0) {
		return nil, nodeErr(n, "only a constant shape that keeps the batch (-1 or 0 first) is read")
	}
	if size(s[1:]) != size(in) {
		return nil, nodeErr(n, "shape %v does not hold a sample of shape %v", s, in)
	}
	return s[1:], nil
}

func readDropout(c *onnxChain, _ []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	c.take(n)
	return Layer{}, nil, nil
}

// readBatchNorm reads BatchNormalization with its epsilon. A scale of
// constant ones and a B of constant zeros read as a batch norm without
// affine map (PyTorch's affine=False, which the export writes so): it
// computes the same, but has no gamma and beta to train.
func readBatchNorm(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	eps := attrFloatOr(n, "epsilon", 1e-5)
	if !(eps > 0) || len(n.GetOutput()) != 1 {
		return Layer{}, nil, nodeErr(n, "only inference with a positive epsilon is read, not epsilon %g with %d outputs", eps, len(n.GetOutput()))
	}
	ws := onnxWeights{}
	for i, name := range []string{"gamma", "beta", "moving_mean", "moving_var"} {
		t, ok := c.input(n, i+1)
		if !ok || t.f == nil || len(t.f) != in[0] {
			return Layer{}, nil, nodeErr(n, "input %d must be a constant of %d channels", i+1, in[0])
		}
		ws[name] = onnxTensor{shape: []int{in[0]}, f: t.f}
	}
	c.take(n)
	l := BatchNorm()
	if e := shortFloat(eps); e != graph.BatchNormEpsilon {
		l.Epsilon = e
	}
	if all(ws["gamma"].f, 1) && all(ws["beta"].f, 0) {
		delete(ws, "gamma")
		delete(ws, "beta")
		l = l.NoAffine(l.Epsilon)
	}
	return l, ws, nil
}

// shortFloat returns the float64 of the shortest decimal that reads as
// v (1e-4, not 1.0000000474974513e-4), as a spec would say it.
func shortFloat(v float32) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
	return f
}

// all reports whether every value of v is x.
func all(v []float32, x float32) bool {
	return !slices.ContainsFunc(v, func(y float32) bool { return y != x })
}

// readConcrete reads a Gather of chosen features as a concrete selector
// whose logits pick them: 1 at the chosen feature, 0 elsewhere, at the end
// temperature.
func readConcrete(c *onnxChain, in []int) (Layer, onnxWeights, error) {
	n, _ := c.peek()
	idx, ok := c.input(n, 1)
	sel, whole := idx.ints()
	if !ok || !whole || idx.i == nil || len(idx.shape) != 1 || len(in) != 1 || attrIntOr(n, "axis", 0) != 1 {
		return Layer{}, nil, nodeErr(n, "only a Gather of constant features (axis 1) from vectors is read")
	}
	logits := make([]float32, len(sel)*in[0])
	for u, f := range sel {
		if f < 0 || f >= in[0] {
			return Layer{}, nil, nodeErr(n, "feature %d of %d", f, in[0])
		}
		logits[u*in[0]+f] = 1
	}
	c.take(n)
	return Concrete(len(sel)), onnxWeights{
		"logits":      {shape: []int{len(sel), in[0]}, f: logits},
		"temperature": {shape: []int{1}, f: []float32{graph.ConcreteEndTemperature}},
	}, nil
}

package graph

import (
	"fmt"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Flatten is Keras's Flatten: it turns (batch, c, h, w), or any (batch,
// ...), into (batch, c·h·w). It has no parameters.
type Flatten struct{ name string }

// NewFlatten returns a Flatten layer.
func NewFlatten(name string) *Flatten { return &Flatten{name: name} }

func (f *Flatten) Name() string               { return f.name }
func (f *Flatten) Kind() string               { return "Flatten" }
func (f *Flatten) Learnables() gorgonia.Nodes { return nil }

// Fwd returns x with every axis but the batch axis merged into one; a
// matrix comes back as it is.
func (f *Flatten) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() < 2 {
		return nil, fmt.Errorf("graph: Flatten %q: input shape %v, want (batch, ...)", f.name, xs)
	}
	if xs.Dims() == 2 {
		return x, nil
	}
	return reshapeCopy(x, tensor.Shape{xs[0], xs.TotalSize() / xs[0]})
}

// Reshape is Keras's Reshape: it turns (batch, ...) into (batch, Shape...)
// with the same number of values per sample, in the same order. It has no
// parameters.
type Reshape struct {
	name string
	// Shape is the shape of one sample; one entry may be -1, standing for
	// whatever the input's size leaves.
	Shape []int
}

// NewReshape returns a Reshape layer to the per-sample shape, whose entries
// are positive but for at most one -1.
func NewReshape(name string, shape []int) (*Reshape, error) {
	if len(shape) == 0 {
		return nil, fmt.Errorf("graph: Reshape %q: empty target shape", name)
	}
	unknown := 0
	for _, d := range shape {
		switch {
		case d == -1:
			unknown++
		case d <= 0:
			return nil, fmt.Errorf("graph: Reshape %q: target shape entries must be positive or one -1. Received: %v", name, shape)
		}
	}
	if unknown > 1 {
		return nil, fmt.Errorf("graph: Reshape %q: at most one -1 in the target shape. Received: %v", name, shape)
	}
	return &Reshape{name: name, Shape: append([]int(nil), shape...)}, nil
}

func (r *Reshape) Name() string               { return r.name }
func (r *Reshape) Kind() string               { return "Reshape" }
func (r *Reshape) Learnables() gorgonia.Nodes { return nil }

// Fwd returns x, (batch, ...), reshaped to (batch, Shape...).
func (r *Reshape) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() < 1 || xs[0] <= 0 {
		return nil, fmt.Errorf("graph: Reshape %q: input shape %v has no batch axis", r.name, xs)
	}
	to, err := r.OutShape(xs.TotalSize() / xs[0])
	if err != nil {
		return nil, fmt.Errorf("graph: Reshape %q: input shape %v: %w", r.name, xs, err)
	}
	return reshapeCopy(x, append(tensor.Shape{xs[0]}, to...))
}

// OutShape returns the per-sample output shape for samples of size values,
// with the -1 resolved.
func (r *Reshape) OutShape(size int) ([]int, error) {
	known, free := 1, -1
	for i, d := range r.Shape {
		if d == -1 {
			free = i
			continue
		}
		known *= d
	}
	out := append([]int(nil), r.Shape...)
	if free >= 0 {
		if known == 0 || size%known != 0 {
			return nil, fmt.Errorf("%d values per sample do not fill %v", size, r.Shape)
		}
		out[free] = size / known
		known *= out[free]
	}
	if known != size {
		return nil, fmt.Errorf("%d values per sample do not fill %v", size, r.Shape)
	}
	return out, nil
}

// reshapeCopy returns x's values in the shape to, copied so that no two
// nodes share a tensor; its gradient copies back.
func reshapeCopy(x *gorgonia.Node, to tensor.Shape) (*gorgonia.Node, error) {
	xs := x.Shape().Clone()
	op := &kernelOp{
		desc:    fmt.Sprintf("Reshape%v→%v", xs, to),
		inDims:  []int{xs.Dims()},
		outDims: to.Dims(),
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return to.Clone(), nil },
		sets:    true,
		fwd:     func(out []float32, in [][]float32, _ []tensor.Shape) { copy(out, in[0]) },
		diffWRT: []bool{true},
	}
	op.diff = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dx, err := reshapeCopy(grad, xs)
		return gorgonia.Nodes{dx}, err
	}
	return gorgonia.ApplyOp(op, x)
}

package graph

import (
	"fmt"
	"math"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MaxPool1D is Keras's MaxPooling1D on sequences (batch, channels,
// steps): the maximum of windows of Size steps moving by Size, 'same'
// padding keeping a last partial window. It has no parameters.
type MaxPool1D struct {
	name string
	Size int
	Pad  Padding
}

// NewMaxPool1D returns a MaxPool1D layer.
func NewMaxPool1D(name string, size int, pad Padding) *MaxPool1D {
	return &MaxPool1D{name: name, Size: size, Pad: pad}
}

func (p *MaxPool1D) Name() string               { return p.name }
func (p *MaxPool1D) Kind() string               { return "MaxPooling1D" }
func (p *MaxPool1D) Learnables() gorgonia.Nodes { return nil }

// Fwd pools x, of shape (batch, channels, steps).
func (p *MaxPool1D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 3 {
		return nil, fmt.Errorf("graph: MaxPooling1D %q: input shape %v, want (batch, channels, steps)", p.name, xs)
	}
	out, before, err := p.Pad.window(xs[2], p.Size, p.Size)
	if err != nil || p.Size <= 0 {
		return nil, fmt.Errorf("graph: MaxPooling1D %q: size %d over %d steps: %v", p.name, p.Size, xs[2], err)
	}
	rows, n, k := xs[0]*xs[1], xs[2], p.Size
	ys := tensor.Shape{xs[0], xs[1], out}
	// argmax holds, for each output, the input step it took, for the
	// gradient; the op owns it, as a node's value is read before the
	// graph runs again.
	argmax := make([]int32, rows*out)
	op := &kernelOp{
		desc: fmt.Sprintf("MaxPool1D%v,%d,%v", xs, k, p.Pad), inDims: []int{3}, outDims: 3, sets: true,
		shape: func([]tensor.Shape) (tensor.Shape, error) { return ys.Clone(), nil },
		fwd: func(y []float32, in [][]float32, _ []tensor.Shape) {
			maxPool1D(in[0], y, argmax, rows, n, out, k, before)
		},
		diffWRT: []bool{true},
	}
	op.diff = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		g := &kernelOp{
			desc: fmt.Sprintf("MaxPool1DGrad%v,%d,%v", xs, k, p.Pad), inDims: []int{3}, outDims: 3,
			shape: func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				for r := range rows {
					for j := range out {
						dx[r*n+int(argmax[r*out+j])] += in[0][r*out+j]
					}
				}
			},
		}
		dx, err := gorgonia.ApplyOp(g, grad)
		return gorgonia.Nodes{dx}, err
	}
	return gorgonia.ApplyOp(op, x)
}

// maxPool1D writes the maxima of each row's windows into y and where they
// lie into argmax; the first of equal values wins.
func maxPool1D(x, y []float32, argmax []int32, rows, n, out, k, before int) {
	for r := range rows {
		xr := x[r*n : (r+1)*n]
		for j := range out {
			best, at := float32(math.Inf(-1)), -1
			for t := max(j*k-before, 0); t < min(j*k-before+k, n); t++ {
				if at < 0 || xr[t] > best {
					best, at = xr[t], t
				}
			}
			y[r*out+j], argmax[r*out+j] = best, int32(at)
		}
	}
}

// UpSample1D is Keras's UpSampling1D: every step of a sequence (batch,
// channels, steps) repeated Size times. It has no parameters.
type UpSample1D struct {
	name string
	Size int
}

// NewUpSample1D returns an UpSample1D layer.
func NewUpSample1D(name string, size int) *UpSample1D { return &UpSample1D{name: name, Size: size} }

func (u *UpSample1D) Name() string               { return u.name }
func (u *UpSample1D) Kind() string               { return "UpSampling1D" }
func (u *UpSample1D) Learnables() gorgonia.Nodes { return nil }

// Fwd repeats the steps of x, of shape (batch, channels, steps).
func (u *UpSample1D) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 3 || u.Size <= 0 {
		return nil, fmt.Errorf("graph: UpSampling1D %q: input shape %v, size %d: want (batch, channels, steps) and a positive size", u.name, xs, u.Size)
	}
	return repeatSteps(x, tensor.Shape{xs[0], xs[1], xs[2] * u.Size}, xs[0]*xs[1]*xs[2], u.Size, "UpSample1D")
}

// repeatSteps is an op that repeats each of the m values of x k times in
// a row, giving the shape ys: UpSampling1D, and RepeatVector of a vector
// of (batch, d) into (batch, d, k).
func repeatSteps(x *gorgonia.Node, ys tensor.Shape, m, k int, name string) (*gorgonia.Node, error) {
	xs := x.Shape()
	op := &kernelOp{
		desc: fmt.Sprintf("%s%v,%d", name, xs, k), inDims: []int{xs.Dims()}, outDims: ys.Dims(), sets: true,
		shape: func([]tensor.Shape) (tensor.Shape, error) { return ys.Clone(), nil },
		fwd: func(y []float32, in [][]float32, _ []tensor.Shape) {
			for i, v := range in[0][:m] {
				row := y[i*k : (i+1)*k]
				for j := range row {
					row[j] = v
				}
			}
		},
		diffWRT: []bool{true},
	}
	op.diff = func(_ gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		g := &kernelOp{
			desc: fmt.Sprintf("%sGrad%v,%d", name, xs, k), inDims: []int{ys.Dims()}, outDims: xs.Dims(), sets: true,
			shape: func([]tensor.Shape) (tensor.Shape, error) { return xs.Clone(), nil },
			fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
				for i := range dx[:m] {
					var s float32
					for _, v := range in[0][i*k : (i+1)*k] {
						s += v
					}
					dx[i] = s
				}
			},
		}
		dx, err := gorgonia.ApplyOp(g, grad)
		return gorgonia.Nodes{dx}, err
	}
	return gorgonia.ApplyOp(op, x)
}

// RepeatVector is Keras's RepeatVector in the (channels, steps) layout:
// a vector (batch, d) becomes the sequence (batch, d, N), the vector at
// every one of N steps. It has no parameters.
type RepeatVector struct {
	name string
	N    int
}

// NewRepeatVector returns a RepeatVector layer.
func NewRepeatVector(name string, n int) *RepeatVector { return &RepeatVector{name: name, N: n} }

func (r *RepeatVector) Name() string               { return r.name }
func (r *RepeatVector) Kind() string               { return "RepeatVector" }
func (r *RepeatVector) Learnables() gorgonia.Nodes { return nil }

// Fwd repeats x, of shape (batch, d).
func (r *RepeatVector) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 2 || r.N <= 0 {
		return nil, fmt.Errorf("graph: RepeatVector %q: input shape %v, n %d: want (batch, features) and a positive n", r.name, xs, r.N)
	}
	return repeatSteps(x, tensor.Shape{xs[0], xs[1], r.N}, xs[0]*xs[1], r.N, "RepeatVector")
}

package graph

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// kernelOp is a float32 Gorgonia op defined by plain Go kernels. Every custom
// op of this package (convolution, pooling, upsampling, bias, losses and
// their gradients) is a kernelOp; the fields say what differs between them.
type kernelOp struct {
	desc    string // names the op and all its settings; also its hash
	inDims  []int  // tensor rank of each input (0 = scalar)
	outDims int    // tensor rank of the output (0 = scalar)
	// shape computes the output shape from the input shapes; a nil or
	// empty result means a scalar output.
	shape func(in []tensor.Shape) (tensor.Shape, error)
	// fwd writes the output into out, which is zeroed unless sets is true.
	fwd func(out []float32, in [][]float32, inShapes []tensor.Shape)
	// sets says that fwd writes every element of out, so that out need not
	// be zeroed first.
	sets bool
	// ready, if set, is called before fwd; an error stops the run. Random
	// ops use it to check that their graph still has a random source.
	ready func() error
	// diff builds the gradient nodes of the differentiable inputs; nil for
	// ops that are never differentiated (the gradient ops themselves).
	diff    func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error)
	diffWRT []bool

	// out is the output tensor of the last Do, reused by the next one: an
	// op belongs to one node of one graph, whose value is read before the
	// graph runs again, so a step allocates nothing.
	out *tensor.Dense
}

var (
	_ gorgonia.Op   = (*kernelOp)(nil)
	_ gorgonia.SDOp = (*kernelOp)(nil)
)

func (op *kernelOp) Arity() int { return len(op.inDims) }

func (op *kernelOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	ts := make(hm.Types, 0, len(op.inDims)+1)
	for _, d := range op.inDims {
		ts = append(ts, tensorType(d, a))
	}
	ts = append(ts, tensorType(op.outDims, a))
	return hm.NewFnType(ts...)
}

func tensorType(dims int, a hm.TypeVariable) hm.Type {
	if dims == 0 {
		return a
	}
	return gorgonia.TensorType{Dims: dims, Of: a}
}

func (op *kernelOp) InferShape(in ...gorgonia.DimSizer) (tensor.Shape, error) {
	shapes := make([]tensor.Shape, len(in))
	for i, d := range in {
		s, ok := d.(tensor.Shape)
		if !ok {
			return nil, fmt.Errorf("graph: %s: input %d has no shape", op.desc, i)
		}
		shapes[i] = s
	}
	s, err := op.shape(shapes)
	if err != nil {
		return nil, err
	}
	if len(s) == 0 {
		return tensor.ScalarShape(), nil
	}
	return s, nil
}

func (op *kernelOp) Do(vals ...gorgonia.Value) (gorgonia.Value, error) {
	if len(vals) != len(op.inDims) {
		return nil, fmt.Errorf("graph: %s takes %d inputs, got %d", op.desc, len(op.inDims), len(vals))
	}
	in := make([][]float32, len(vals))
	shapes := make([]tensor.Shape, len(vals))
	for i, v := range vals {
		d, s, err := float32s(v)
		if err != nil {
			return nil, fmt.Errorf("graph: %s input %d: %w", op.desc, i, err)
		}
		in[i], shapes[i] = d, s
	}
	outShape, err := op.shape(shapes)
	if err != nil {
		return nil, err
	}
	if op.ready != nil {
		if err := op.ready(); err != nil {
			return nil, err
		}
	}
	if len(outShape) == 0 || outShape.IsScalar() {
		var out [1]float32
		op.fwd(out[:], in, shapes)
		return gorgonia.NewF32(out[0]), nil
	}
	t := op.out
	if t == nil || !t.Shape().Eq(outShape) {
		t = tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(outShape...))
		op.out = t
	} else if !op.sets {
		clear(t.Data().([]float32))
	}
	op.fwd(t.Data().([]float32), in, shapes)
	return t, nil
}

// float32s returns the contiguous float32 data of a value and its shape.
func float32s(v gorgonia.Value) ([]float32, tensor.Shape, error) {
	switch v := v.(type) {
	case *gorgonia.F32:
		return []float32{float32(*v)}, tensor.ScalarShape(), nil
	case tensor.Tensor:
		if v.Dtype() != tensor.Float32 {
			return nil, nil, fmt.Errorf("want float32, got %v", v.Dtype())
		}
		if vw, ok := v.(tensor.View); ok && vw.RequiresIterator() {
			v = vw.Materialize()
		}
		d, ok := v.Data().([]float32)
		if !ok {
			// a scalar tensor stores a bare float32
			if f, ok := v.Data().(float32); ok {
				return []float32{f}, tensor.ScalarShape(), nil
			}
			return nil, nil, fmt.Errorf("unexpected backing %T", v.Data())
		}
		return d, v.Shape(), nil
	default:
		return nil, nil, fmt.Errorf("unsupported value %T", v)
	}
}

func (op *kernelOp) ReturnsPtr() bool     { return false }
func (op *kernelOp) CallsExtern() bool    { return false }
func (op *kernelOp) OverwritesInput() int { return -1 }
func (op *kernelOp) WriteHash(h hash.Hash) {
	fmt.Fprint(h, op.desc)
}
func (op *kernelOp) Hashcode() uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}
func (op *kernelOp) String() string { return op.desc }

func (op *kernelOp) DiffWRT(n int) []bool {
	if op.diff == nil {
		return make([]bool, n)
	}
	return op.diffWRT
}

func (op *kernelOp) SymDiff(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
	if op.diff == nil {
		return nil, fmt.Errorf("graph: %s is not differentiable", op.desc)
	}
	return op.diff(inputs, output, grad)
}

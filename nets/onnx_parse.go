package nets

import (
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/graph/safetensors"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
)

// readLayer is a layer read from a graph, with its weights and its output
// shape.
type readLayer struct {
	Layer
	weights onnxWeights
	out     []int
}

// parseONNXGraph reads a graph that is a chain of layers from its input,
// of per-sample shape sample, to its output (as torch.onnx.export writes
// one) into a spec and its weights. The encoder ends at the first layer
// whose output is the smallest (the code).
func parseONNXGraph(g *pb.GraphProto, input string, sample []int) (Spec, map[string]safetensors.Tensor, error) {
	c, err := newONNXChain(g, input)
	if err != nil {
		return Spec{}, nil, fmt.Errorf("nets: onnx: %w", err)
	}
	s := Spec{Input: sample}
	if s.Input, err = c.imageInput(sample); err != nil {
		return s, nil, err
	}
	var ls []readLayer
	cur := s.Input
	for {
		n, err := c.peek()
		if err != nil {
			return s, nil, err
		}
		if n == nil {
			break
		}
		if c.outputFlatten(n, cur, s.Input) {
			continue
		}
		l, err := c.readOne(n, cur)
		if err != nil {
			return s, nil, err
		}
		if l.Type == "" { // dropout
			continue
		}
		ls = append(ls, l)
		cur = l.out
	}
	return specOfLayers(s, ls)
}

// imageInput takes a leading Reshape of rows into images: the net then
// reads images as rows, as ours do.
func (c *onnxChain) imageInput(sample []int) ([]int, error) {
	n, err := c.peek()
	if err != nil || n == nil || len(sample) != 1 || n.GetOpType() != "Reshape" {
		return sample, err
	}
	shape, err := reshapeTarget(c, n, sample)
	if err != nil || len(shape) != 3 {
		return sample, err
	}
	c.take(n)
	return shape, nil
}

// outputFlatten takes a last Reshape or Flatten of images into rows, the
// shape of the graph's input: the net gives images as rows, as ours do.
func (c *onnxChain) outputFlatten(n *pb.NodeProto, cur, input []int) bool {
	if len(cur) != 3 || !slices.Equal(cur, input) || n.GetOutput()[0] != c.out {
		return false
	}
	if n.GetOpType() == "Flatten" && attrIntOr(n, "axis", 1) == 1 {
		c.take(n)
		return true
	}
	if shape, err := reshapeTarget(c, n, cur); n.GetOpType() == "Reshape" && err == nil && len(shape) == 1 {
		c.take(n)
		return true
	}
	return false
}

// readOne reads the layer at node n, on samples of shape in, and the
// activation and crop after it.
func (c *onnxChain) readOne(n *pb.NodeProto, in []int) (readLayer, error) {
	k, ok := kindOfOp(n.GetOpType())
	if !ok {
		return readLayer{}, nodeErr(n, "op %s is not one of the ops read (%s)", n.GetOpType(), orList(onnxOps()))
	}
	l, ws, err := k.onnx.read(c, in)
	if err != nil {
		return readLayer{}, err
	}
	if l.Type == "" {
		return readLayer{}, nil
	}
	if err := c.trailers(&l, in); err != nil {
		return readLayer{}, err
	}
	out, _, err := l.outShape(in)
	if err != nil {
		return readLayer{}, nodeErr(n, "%v", err)
	}
	return readLayer{Layer: l, weights: ws, out: out}, nil
}

// kindOfOp returns the kind an ONNX op reads as.
func kindOfOp(op string) (kind, bool) {
	i := slices.IndexFunc(kinds, func(k kind) bool { return k.onnx != nil && slices.Contains(k.onnx.ops, op) })
	if i < 0 {
		return kind{}, false
	}
	return kinds[i], true
}

// onnxOps lists the ops the reader reads.
func onnxOps() []string {
	var ops []string
	for _, k := range kinds {
		if k.onnx != nil {
			ops = append(ops, k.onnx.ops...)
		}
	}
	for _, a := range onnxActivations {
		ops = append(ops, a.op)
	}
	return append(ops, "Identity", "Slice")
}

// trailers takes the nodes after a layer that belong to it: its
// activation, an Identity, and the Slice that crops a 'valid' transposed
// convolution to 'same'.
func (c *onnxChain) trailers(l *Layer, in []int) error {
	for {
		n, err := c.peek()
		if err != nil || n == nil {
			return err
		}
		switch act, isAct := activationOfOp(n); {
		case isAct:
			k, _ := kindOf(l.Type)
			if k.width == nil || l.Activation != "" && l.Activation != "linear" {
				return nodeErr(n, "an activation after a %s layer, which has none or has one already", l.Type)
			}
			if err := checkActivationAttrs(n, act); err != nil {
				return err
			}
			l.Activation = ActivationName(act.String())
		case n.GetOpType() == "Identity":
		case n.GetOpType() == "Slice" && l.Type == TypeConv2DTranspose && l.Padding == "valid":
			if err := c.cropTranspose(n, l, in); err != nil {
				return err
			}
		default:
			return nil
		}
		c.take(n)
	}
}

// activationOfOp returns the activation an op is.
func activationOfOp(n *pb.NodeProto) (graph.Activation, bool) {
	for _, a := range onnxActivations {
		if a.op == n.GetOpType() {
			return a.act, true
		}
	}
	return graph.Linear, false
}

// checkActivationAttrs checks LeakyRelu's slope and Elu's alpha.
func checkActivationAttrs(n *pb.NodeProto, act graph.Activation) error {
	for _, a := range onnxActivations {
		if a.act == act && a.alpha != 0 && attrFloatOr(n, "alpha", a.alpha) != a.alpha {
			return nodeErr(n, "alpha %g, where the net's %s has %g", attrFloatOr(n, "alpha", 0), act, a.alpha)
		}
	}
	return nil
}

// cropTranspose reads a Slice after a 'valid' transposed convolution: the
// crop to 'same' padding (PyTorch's model of Keras's Conv2DTranspose).
func (c *onnxChain) cropTranspose(n *pb.NodeProto, l *Layer, in []int) error {
	s, k := l.stride(), l.Kernel
	b := windowPads(graph.Same, []int{in[1] * s}, k, s)[0]
	starts, ok1 := c.input(n, 1)
	ends, ok2 := c.input(n, 2)
	axes, ok3 := c.input(n, 3)
	steps, ok4 := c.input(n, 4)
	want := []int64{int64(b), int64(b)}
	if !ok1 || !ok2 || !ok3 || !slices.Equal(starts.i, want) || !slices.Equal(ends.i, []int64{int64(b + in[1]*s), int64(b + in[2]*s)}) ||
		!slices.Equal(axes.i, []int64{2, 3}) && !slices.Equal(axes.i, []int64{-2, -1}) || ok4 && !slices.Equal(steps.i, []int64{1, 1}) {
		return nodeErr(n, "only the crop of a 'valid' transposed convolution to 'same' padding (rows and columns %d to %d) is read", b, b+in[1]*s)
	}
	l.Padding = ""
	return nil
}

// specOfLayers splits the layers read into encoder and decoder and names
// their weights as the spec's plan does.
func specOfLayers(s Spec, ls []readLayer) (Spec, map[string]safetensors.Tensor, error) {
	if len(ls) < 2 {
		return s, nil, fmt.Errorf("nets: onnx: %d layers read, an autoencoder has at least 2", len(ls))
	}
	code := 0
	for i, l := range ls[:len(ls)-1] {
		if size(l.out) < size(ls[code].out) {
			code = i
		}
	}
	for i, l := range ls {
		if i <= code {
			s.Encoder = append(s.Encoder, l.Layer)
		} else {
			s.Decoder = append(s.Decoder, l.Layer)
		}
	}
	out := ls[len(ls)-1].Activation
	s.Output, s.Loss = "linear", graph.MSE
	if out != "" {
		s.Output = out
	}
	if out == ActivationName(graph.Sigmoid.String()) {
		s.Loss = graph.BCE
	}
	p, err := s.plan()
	if err != nil {
		return s, nil, fmt.Errorf("nets: onnx: the layers read make no net: %w", err)
	}
	w := map[string]safetensors.Tensor{}
	for i, pl := range append(slices.Clone(p.encoder), p.decoder...) {
		for name, t := range ls[i].weights {
			w[pl.name+"/"+name] = safetensors.Tensor{Shape: t.shape, Data: t.f}
		}
	}
	return s, w, nil
}

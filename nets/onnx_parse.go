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
	s := Spec{Name: g.GetName(), Input: sample}
	if s.Name == "" {
		s.Name = "onnx"
	}
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
		if c.sameShape(n, cur) {
			c.take(n)
			continue
		}
		if len(ls) > 0 && c.outputFlatten(n, cur, s.Input) {
			if err := c.trailers(&ls[len(ls)-1].Layer, nil); err != nil {
				return s, nil, err
			}
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
// shape of the graph's input, with nothing but activations after it: the
// net gives images as rows, as ours do.
func (c *onnxChain) outputFlatten(n *pb.NodeProto, cur, input []int) bool {
	if len(cur) != 3 || !slices.Equal(cur, input) || !c.onlyActivationsAfter(n) {
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

// sameShape reports whether n is a Reshape or Flatten that leaves samples
// of shape cur as they are (x.view(-1, 784) of rows of 784).
func (c *onnxChain) sameShape(n *pb.NodeProto, cur []int) bool {
	switch n.GetOpType() {
	case "Flatten":
		return len(cur) == 1 && attrIntOr(n, "axis", 1) == 1
	case "Reshape":
		shape, err := reshapeTarget(c, n, cur)
		return err == nil && slices.Equal(shape, cur)
	}
	return false
}

// onlyActivationsAfter reports whether the nodes after n, to the graph's
// output, are activations.
func (c *onnxChain) onlyActivationsAfter(n *pb.NodeProto) bool {
	t := n.GetOutput()[0]
	for steps := 0; t != c.out; steps++ {
		users := c.users[t]
		if len(users) != 1 || len(users[0].GetOutput()) < 1 || steps > len(c.users) {
			return false
		}
		if _, ok := activationOfOp(users[0]); !ok {
			return false
		}
		t = users[0].GetOutput()[0]
	}
	return true
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
		if !slices.Contains(ops, a.op) { // the leaky relus share one
			ops = append(ops, a.op)
		}
	}
	return append(ops, "Identity", "Slice")
}

// trailers takes the nodes after a layer that belong to it: its
// activation, an Identity, and the Slice that crops a 'valid' transposed
// convolution to 'same'.
func (c *onnxChain) trailers(l *Layer, in []int) error {
	cropped := map[int64]bool{}
	for {
		n, err := c.peek()
		if err != nil || n == nil {
			return c.cropDone(l, cropped, n, err)
		}
		switch act, isAct := activationOfOp(n); {
		case isAct:
			k, _ := kindOf(l.Type)
			if !k.onnx.activated || l.Activation != "" && l.Activation != "linear" {
				return nodeErr(n, "an activation after a %s layer, which has none or has one already", l.Type)
			}
			if err := checkActivationAttrs(n); err != nil {
				return err
			}
			l.Activation = ActivationName(act.String())
		case n.GetOpType() == "Identity":
		case n.GetOpType() == "Slice" && l.Type == TypeConv2DTranspose && l.Padding == "valid" && in != nil:
			if err := c.cropTranspose(n, l, in, cropped); err != nil {
				return err
			}
		default:
			return c.cropDone(l, cropped, n, nil)
		}
		c.take(n)
	}
}

// activationOfOp returns the activation an op is: of those that share
// its op, the one of the node's alpha (or the op's default alpha), else
// the first, which checkActivationAttrs then refuses.
func activationOfOp(n *pb.NodeProto) (graph.Activation, bool) {
	act, found := graph.Linear, false
	for _, a := range onnxActivations {
		if a.op != n.GetOpType() {
			continue
		}
		if a.alpha == 0 || attrFloatOr(n, "alpha", onnxDefaultAlpha[a.op]) == a.alpha {
			return a.act, true
		}
		if !found {
			act, found = a.act, true
		}
	}
	return act, found
}

// checkActivationAttrs checks LeakyRelu's slope and Elu's alpha: one of
// an activation of the op.
func checkActivationAttrs(n *pb.NodeProto) error {
	var alphas []string
	for _, a := range onnxActivations {
		if a.op != n.GetOpType() || a.alpha == 0 {
			continue
		}
		got := attrFloatOr(n, "alpha", onnxDefaultAlpha[a.op])
		if got == a.alpha {
			return nil
		}
		alphas = append(alphas, fmt.Sprintf("%g (%s)", a.alpha, a.act))
	}
	if len(alphas) == 0 {
		return nil
	}
	return nodeErr(n, "alpha %g, where the net's activations of the op have %s", attrFloatOr(n, "alpha", onnxDefaultAlpha[n.GetOpType()]), orList(alphas))
}

// cropTranspose reads a Slice after a 'valid' transposed convolution, of
// rows, columns or both: part of the crop to 'same' padding (PyTorch's
// model of Keras's Conv2DTranspose), which cropped records.
func (c *onnxChain) cropTranspose(n *pb.NodeProto, l *Layer, in []int, cropped map[int64]bool) error {
	s, k := l.stride(), l.Kernel
	b := int64(windowPads(graph.Same, []int{in[1] * s}, k, s)[0])
	starts, ok1 := c.input(n, 1)
	ends, ok2 := c.input(n, 2)
	axes, ok3 := c.input(n, 3)
	steps, ok4 := c.input(n, 4)
	good := ok1 && ok2 && ok3 && len(axes.i) > 0 && len(starts.i) == len(axes.i) && len(ends.i) == len(axes.i)
	for i := 0; good && i < len(axes.i); i++ {
		ax := axes.i[i]
		if ax < 0 {
			ax += 4
		}
		side := int64(in[1] * s)
		if ax == 3 {
			side = int64(in[2] * s)
		}
		good = (ax == 2 || ax == 3) && !cropped[ax] && starts.i[i] == b && ends.i[i] == b+side && (!ok4 || steps.i[i] == 1)
		cropped[ax] = true
	}
	if !good {
		return nodeErr(n, "only the crop of a 'valid' transposed convolution to 'same' padding (rows and columns %d to %d) is read", b, b+int64(in[1]*s))
	}
	return nil
}

// cropDone makes a transposed convolution whose rows and columns were
// both cropped 'same'; one cropped alone is an error at n, the node after.
func (c *onnxChain) cropDone(l *Layer, cropped map[int64]bool, n *pb.NodeProto, err error) error {
	switch {
	case err != nil || len(cropped) == 0:
		return err
	case len(cropped) == 2:
		l.Padding = ""
		return nil
	case n != nil:
		return nodeErr(n, "follows a transposed convolution cropped on one side only")
	}
	return fmt.Errorf("nets: onnx: a transposed convolution cropped on one side only")
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

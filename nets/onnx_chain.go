package nets

import (
	"fmt"
	"slices"

	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
)

// onnxChain walks an ONNX graph that is one chain of nodes from its input
// to its output, as an autoencoder's is: each node reads the output of the
// one before it and constants.
type onnxChain struct {
	consts map[string]onnxTensor      // initializers and Constant nodes
	users  map[string][]*pb.NodeProto // the nodes reading each tensor
	cur    string                     // the tensor the walk stands on
	out    string                     // the graph's output
	seen   map[*pb.NodeProto]bool     // the nodes taken, so that a cycle ends
}

// newONNXChain indexes g's constants and nodes, starting at its input in.
func newONNXChain(g *pb.GraphProto, in string) (*onnxChain, error) {
	c := &onnxChain{consts: map[string]onnxTensor{}, users: map[string][]*pb.NodeProto{}, cur: in, out: g.GetOutput()[0].GetName(),
		seen: map[*pb.NodeProto]bool{}}
	for _, t := range g.GetInitializer() {
		v, err := decodeONNXTensor(t)
		if err != nil {
			return nil, err
		}
		c.consts[t.GetName()] = v
	}
	for _, n := range g.GetNode() {
		if n.GetOpType() == "Constant" {
			if err := c.constant(n); err != nil {
				return nil, err
			}
			continue
		}
		for _, i := range n.GetInput() {
			if _, ok := c.consts[i]; !ok && i != "" {
				c.users[i] = append(c.users[i], n)
			}
		}
	}
	return c, nil
}

// constant records a Constant node's value.
func (c *onnxChain) constant(n *pb.NodeProto) error {
	if len(n.GetOutput()) != 1 || len(n.GetAttribute()) != 1 || n.GetAttribute()[0].GetT() == nil {
		return nodeErr(n, "only a Constant of one tensor value is read")
	}
	v, err := decodeONNXTensor(n.GetAttribute()[0].GetT())
	if err != nil {
		return nodeErr(n, "%v", err)
	}
	c.consts[n.GetOutput()[0]] = v
	return nil
}

// nodeErr is an error naming the node and its op.
func nodeErr(n *pb.NodeProto, format string, args ...any) error {
	return fmt.Errorf("nets: onnx: node %q (%s): %s", n.GetName(), n.GetOpType(), fmt.Sprintf(format, args...))
}

// peek returns the node that reads the tensor the walk stands on, nil at
// the graph's output.
func (c *onnxChain) peek() (*pb.NodeProto, error) {
	users := c.users[c.cur]
	switch {
	case len(users) == 0 && c.cur == c.out:
		return nil, nil
	case len(users) == 0:
		return nil, fmt.Errorf("nets: onnx: tensor %q leads nowhere: the graph is not one chain from its input to its output", c.cur)
	case len(users) > 1 || c.cur == c.out:
		return nil, nodeErr(users[0], "tensor %q is read by %d nodes: the graph branches, and only a chain of layers is read", c.cur, len(users))
	}
	n := users[0]
	if len(n.GetOutput()) < 1 {
		return nil, nodeErr(n, "no output")
	}
	if c.seen[n] {
		return nil, nodeErr(n, "reached twice: the graph has a cycle")
	}
	for i, in := range n.GetInput() {
		if _, ok := c.consts[in]; i > 0 && !ok && in != "" {
			return nil, nodeErr(n, "input %d (%q) is neither a constant nor the chain's tensor", i, in)
		}
	}
	if n.GetInput()[0] != c.cur {
		return nil, nodeErr(n, "reads tensor %q as input %d, not its first", c.cur, slices.Index(n.GetInput(), c.cur))
	}
	return n, nil
}

// take moves the walk past n, a node peek returned.
func (c *onnxChain) take(n *pb.NodeProto) {
	c.seen[n] = true
	c.cur = n.GetOutput()[0]
}

// input returns n's input i, a constant; an absent one is ok false.
func (c *onnxChain) input(n *pb.NodeProto, i int) (onnxTensor, bool) {
	if i >= len(n.GetInput()) || n.GetInput()[i] == "" {
		return onnxTensor{}, false
	}
	t, ok := c.consts[n.GetInput()[i]]
	return t, ok
}

// attr returns n's attribute name, nil if it has none.
func attr(n *pb.NodeProto, name string) *pb.AttributeProto {
	for _, a := range n.GetAttribute() {
		if a.GetName() == name {
			return a
		}
	}
	return nil
}

// attrIntsOr returns n's ints attribute name, or def.
func attrIntsOr(n *pb.NodeProto, name string, def ...int) []int {
	a := attr(n, name)
	if a == nil {
		return def
	}
	out := make([]int, len(a.GetInts()))
	for i, v := range a.GetInts() {
		out[i] = int(max(min(v, maxDim), -maxDim))
	}
	return out
}

// attrIntOr returns n's int attribute name, or def.
func attrIntOr(n *pb.NodeProto, name string, def int) int {
	if a := attr(n, name); a != nil {
		return int(max(min(a.GetI(), maxDim), -maxDim))
	}
	return def
}

// attrStringOr returns n's string attribute name, or def.
func attrStringOr(n *pb.NodeProto, name, def string) string {
	if a := attr(n, name); a != nil {
		return string(a.GetS())
	}
	return def
}

package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph/safetensors"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// readOwnONNX reads a model this package exported: its spec from the
// metadata, its weights from the initializers the spec names, and then
// checks that the graph is the one they export, node for node.
func readOwnONNX(m *pb.ModelProto, meta string) (Spec, map[string]safetensors.Tensor, error) {
	s, err := SpecOf(meta)
	if err != nil {
		return s, nil, fmt.Errorf("nets: onnx: metadata %s: %w", ONNXMetaSpec, err)
	}
	p, err := s.plan()
	if err != nil {
		return s, nil, fmt.Errorf("nets: onnx: metadata %s: %w", ONNXMetaSpec, err)
	}
	inits := map[string]*pb.TensorProto{}
	for _, t := range m.GetGraph().GetInitializer() {
		inits[t.GetName()] = t
	}
	names, shapes := p.paramShapes()
	w := map[string]safetensors.Tensor{}
	for i, name := range names {
		t, ok := inits[name]
		if !ok {
			return s, nil, fmt.Errorf("nets: onnx: no initializer %q, a weight of the spec", name)
		}
		v, err := decodeONNXTensor(t)
		if err != nil {
			return s, nil, fmt.Errorf("nets: onnx: %w", err)
		}
		if v.f == nil || size(v.shape) != size(shapes[i]) {
			return s, nil, fmt.Errorf("nets: onnx: weight %q has shape %v, the spec says %v", name, v.shape, shapes[i])
		}
		w[name] = safetensors.Tensor{Shape: v.shape, Data: v.f}
	}
	if err := CheckWeights(s, w); err != nil {
		return s, nil, fmt.Errorf("nets: onnx: %w", err)
	}
	return s, w, sameGraph(m, s, w)
}

// sameGraph checks that m's graph is the one spec s with weights w exports
// as the graph its metadata names.
func sameGraph(m *pb.ModelProto, s Spec, w map[string]safetensors.Tensor) error {
	a, err := New(s)
	if err != nil {
		return fmt.Errorf("nets: onnx: %w", err)
	}
	defer a.Close()
	for name, t := range w {
		if err := a.Params().Set(name, t.Shape, t.Data); err != nil {
			return fmt.Errorf("nets: onnx: %w", err)
		}
	}
	want, err := a.onnxModel(ONNXGraph(onnxMeta(m, ONNXMetaGraph)))
	if err != nil {
		return err
	}
	got, exp := m.GetGraph(), want.GetGraph()
	for i, n := range got.GetNode() {
		if i >= len(exp.GetNode()) || !proto.Equal(n, exp.GetNode()[i]) {
			return nodeErr(n, "the graph is not the one its spec (metadata %s) exports; remove that key to read it as a plain graph", ONNXMetaSpec)
		}
	}
	g1 := &pb.GraphProto{Node: got.GetNode(), Input: got.GetInput(), Output: got.GetOutput(), Initializer: got.GetInitializer()}
	g2 := &pb.GraphProto{Node: exp.GetNode(), Input: exp.GetInput(), Output: exp.GetOutput(), Initializer: exp.GetInitializer()}
	if !proto.Equal(g1, g2) {
		return fmt.Errorf("nets: onnx: the graph's nodes, inputs, outputs or constants are not those its spec (metadata %s) exports; remove that key to read it as a plain graph", ONNXMetaSpec)
	}
	return nil
}

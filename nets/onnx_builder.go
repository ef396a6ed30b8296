package nets

import (
	"encoding/binary"
	"fmt"
	"math"

	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// onnxBuilder collects the nodes and initializers of an ONNX graph as the
// export writes it: each layer adds its nodes from the name of its input
// tensor and returns the name of its output.
type onnxBuilder struct {
	nodes []*pb.NodeProto
	inits []*pb.TensorProto
	have  map[string]bool // initializer names taken
	// weight returns a parameter's shape and values, by its name.
	weight func(name string) ([]int, []float32, bool)
}

func newONNXBuilder(weight func(string) ([]int, []float32, bool)) *onnxBuilder {
	return &onnxBuilder{have: map[string]bool{}, weight: weight}
}

// node adds a node of op named name reading inputs; its output tensor is
// called name too, and returned.
func (b *onnxBuilder) node(op, name string, inputs []string, attrs ...*pb.AttributeProto) string {
	b.nodes = append(b.nodes, &pb.NodeProto{OpType: proto.String(op), Name: proto.String(name),
		Input: inputs, Output: []string{name}, Attribute: attrs})
	return name
}

// param adds the parameter name as an initializer, once, and returns its
// name; a parameter the net does not have is an error.
func (b *onnxBuilder) param(name string) (string, error) {
	shape, data, ok := b.weight(name)
	if !ok {
		return "", fmt.Errorf("nets: onnx: no weight %q", name)
	}
	b.floats(name, shape, data)
	return name, nil
}

// floats adds a float initializer, once, and returns its name.
func (b *onnxBuilder) floats(name string, shape []int, data []float32) string {
	if b.have[name] {
		return name
	}
	b.have[name] = true
	raw := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	b.inits = append(b.inits, &pb.TensorProto{Name: proto.String(name), Dims: dims64(shape),
		DataType: proto.Int32(int32(pb.TensorProto_FLOAT)), RawData: raw})
	return name
}

// doubles adds a float64 initializer, once, and returns its name: the
// constants of the parts that compute in float64 as the Go side does.
func (b *onnxBuilder) doubles(name string, shape []int, data []float64) string {
	if b.have[name] {
		return name
	}
	b.have[name] = true
	raw := make([]byte, 8*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(v))
	}
	b.inits = append(b.inits, &pb.TensorProto{Name: proto.String(name), Dims: dims64(shape),
		DataType: proto.Int32(int32(pb.TensorProto_DOUBLE)), RawData: raw})
	return name
}

// cast adds a Cast of x to the element type to.
func (b *onnxBuilder) cast(name, x string, to pb.TensorProto_DataType) string {
	return b.node("Cast", name, []string{x}, attrInt("to", int(to)))
}

// ints adds an int64 initializer (a shape, indices), once, and returns
// its name.
func (b *onnxBuilder) ints(name string, v []int) string {
	if b.have[name] {
		return name
	}
	b.have[name] = true
	b.inits = append(b.inits, &pb.TensorProto{Name: proto.String(name), Dims: []int64{int64(len(v))},
		DataType: proto.Int32(int32(pb.TensorProto_INT64)), Int64Data: dims64(v)})
	return name
}

// scalar adds a float initializer of one value and returns its name.
func (b *onnxBuilder) scalar(name string, v float32) string {
	return b.floats(name, nil, []float32{v})
}

func dims64(v []int) []int64 {
	out := make([]int64, len(v))
	for i, d := range v {
		out[i] = int64(d)
	}
	return out
}

func attrInts(name string, v ...int) *pb.AttributeProto {
	return &pb.AttributeProto{Name: proto.String(name), Type: pb.AttributeProto_INTS.Enum(), Ints: dims64(v)}
}

func attrInt(name string, v int) *pb.AttributeProto {
	return &pb.AttributeProto{Name: proto.String(name), Type: pb.AttributeProto_INT.Enum(), I: proto.Int64(int64(v))}
}

func attrFloat(name string, v float32) *pb.AttributeProto {
	return &pb.AttributeProto{Name: proto.String(name), Type: pb.AttributeProto_FLOAT.Enum(), F: proto.Float32(v)}
}

func attrString(name, v string) *pb.AttributeProto {
	return &pb.AttributeProto{Name: proto.String(name), Type: pb.AttributeProto_STRING.Enum(), S: []byte(v)}
}

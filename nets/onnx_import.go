package nets

import (
	"fmt"
	"os"
	"strings"

	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// The opsets whose ops the reader reads.
const (
	minONNXOpset = 13
	maxONNXOpset = ONNXOpset
)

// IsONNX reports whether path names an ONNX model (it ends in .onnx), which
// ReadCheckpoint and Load read as one.
func IsONNX(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".onnx") }

// ReadCheckpoint reads a checkpoint file, or an ONNX model (IsONNX) as a
// checkpoint of epoch 0 holding its spec and weights: every command that
// opens a checkpoint opens it here.
func ReadCheckpoint(path string) (*checkpoint.Checkpoint, error) {
	if !IsONNX(path) {
		return checkpoint.Read(path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := ReadONNX(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// LoadONNX rebuilds the autoencoder of an ONNX model file (Load reads one
// too).
func LoadONNX(path string) (*Autoencoder, error) {
	c, err := ReadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	return FromCheckpoint(c, path)
}

// ReadONNX reads an ONNX model into a checkpoint of epoch 0: its spec
// (Model) and its weights. A model this package exported is read by its
// spec, and its graph must be the one the spec and weights export. Any
// other must be a chain of the ops the table of kinds reads (Gemm,
// MatMul+Add, Conv, ConvTranspose, MaxPool, Resize, BatchNormalization,
// Flatten, Reshape, Gather, Dropout and the activations), as
// torch.onnx.export writes a sequential model; the encoder then ends at
// the layer of smallest output. An op or layout it does not read is an
// error naming the node and the op.
func ReadONNX(b []byte) (*checkpoint.Checkpoint, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("nets: onnx: an empty file is no ONNX model")
	}
	var m pb.ModelProto
	if err := proto.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("nets: onnx: not an ONNX model: %w", err)
	}
	if err := checkOpset(&m); err != nil {
		return nil, err
	}
	g := m.GetGraph()
	in, sample, err := graphInput(g)
	if err != nil {
		return nil, err
	}
	var s Spec
	var w map[string]safetensors.Tensor
	if meta := onnxMeta(&m, ONNXMetaSpec); meta != "" {
		s, w, err = readOwnONNX(&m, meta)
	} else {
		s, w, err = parseONNXGraph(g, in, sample)
	}
	if err != nil {
		return nil, err
	}
	if err := CheckWeights(s, w); err != nil {
		return nil, fmt.Errorf("nets: onnx: %w", err)
	}
	model, err := MarshalSpec(s)
	if err != nil {
		return nil, err
	}
	return &checkpoint.Checkpoint{Model: model, Weights: w,
		Meta: map[string]string{checkpoint.MetaFormat: checkpoint.Format, checkpoint.MetaModel: model}}, nil
}

// checkOpset checks that the model imports the default domain at an
// opset the reader reads, and nothing else.
func checkOpset(m *pb.ModelProto) error {
	found := false
	for _, o := range m.GetOpsetImport() {
		if d := o.GetDomain(); d != "" && d != "ai.onnx" {
			return fmt.Errorf("nets: onnx: the model imports ops of domain %q, which are not read", d)
		}
		if v := o.GetVersion(); v < minONNXOpset || v > maxONNXOpset {
			return fmt.Errorf("nets: onnx: opset %d is not one the reader reads (%d to %d)", v, minONNXOpset, maxONNXOpset)
		}
		found = true
	}
	if !found {
		return fmt.Errorf("nets: onnx: the model imports no opset")
	}
	return nil
}

// graphInput returns the name of the graph's one input (initializers
// listed as inputs aside) and the shape of a sample, its dims after the
// batch.
func graphInput(g *pb.GraphProto) (string, []int, error) {
	if g == nil {
		return "", nil, fmt.Errorf("nets: onnx: the model has no graph")
	}
	inits := map[string]bool{}
	for _, t := range g.GetInitializer() {
		inits[t.GetName()] = true
	}
	var ins []*pb.ValueInfoProto
	var names []string
	for _, v := range g.GetInput() {
		if !inits[v.GetName()] {
			ins, names = append(ins, v), append(names, v.GetName())
		}
	}
	if len(ins) != 1 || len(g.GetOutput()) != 1 {
		return "", nil, fmt.Errorf("nets: onnx: the graph has %d inputs (%s) and %d outputs; an autoencoder has one of each", len(ins), strings.Join(names, ", "), len(g.GetOutput()))
	}
	t := ins[0].GetType().GetTensorType()
	if t == nil || t.GetElemType() != int32(pb.TensorProto_FLOAT) {
		return "", nil, fmt.Errorf("nets: onnx: input %q is not a float tensor", ins[0].GetName())
	}
	dims := t.GetShape().GetDim()
	var sample []int
	for i, d := range dims {
		if i > 0 {
			if v := d.GetDimValue(); v > 0 && v <= maxDim {
				sample = append(sample, int(v))
				continue
			}
			return "", nil, fmt.Errorf("nets: onnx: input %q: axis %d is not a fixed size: only the batch axis may vary", ins[0].GetName(), i)
		}
	}
	if len(sample) != 1 && len(sample) != 3 {
		return "", nil, fmt.Errorf("nets: onnx: input %q has %d axes; want (batch, values) or (batch, channels, height, width)", ins[0].GetName(), len(dims))
	}
	return ins[0].GetName(), sample, nil
}

// onnxMeta returns the model's metadata value of key.
func onnxMeta(m *pb.ModelProto, key string) string {
	for _, p := range m.GetMetadataProps() {
		if p.GetKey() == key {
			return p.GetValue()
		}
	}
	return ""
}

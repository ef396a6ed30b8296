package nets

import (
	"fmt"
	"os"
	"path/filepath"

	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// ONNXGraph says which part of an autoencoder an ONNX export computes.
type ONNXGraph string

// The graphs an export writes. Each takes and gives rows of raw values
// (the data's units: the spec's scaling is part of the graph) with a
// dynamic batch dimension.
const (
	// ONNXReconstruct maps samples "x" to their "reconstruction"
	// (ReconstructRaw).
	ONNXReconstruct ONNXGraph = "reconstruct"
	// ONNXEncoder maps samples "x" to their "code" (EncodeRaw; a VAE's
	// means).
	ONNXEncoder ONNXGraph = "encoder"
	// ONNXDecoder maps codes "code" to a "reconstruction" in raw units.
	ONNXDecoder ONNXGraph = "decoder"
	// ONNXScore maps samples "x" to their anomaly "score" (AnomalyScores of
	// the scaled samples).
	ONNXScore ONNXGraph = "score"
)

// ONNXGraphs lists the graphs an export writes.
var ONNXGraphs = []ONNXGraph{ONNXReconstruct, ONNXEncoder, ONNXDecoder, ONNXScore}

// ONNX export constants: the opset and IR version written (ONNX 1.12),
// and the metadata keys.
const (
	ONNXOpset     = 17
	ONNXIRVersion = 8
	// ONNXMetaSpec holds the model's spec as JSON, ONNXMetaGraph the
	// ONNXGraph the file computes.
	ONNXMetaSpec  = "go-autoencoders/spec"
	ONNXMetaGraph = "go-autoencoders/graph"
	onnxProducer  = "go-autoencoders"
	onnxBatch     = "batch"
)

// ONNX returns the ONNX model (opset 17) of graph part g of the net. Every
// parameter goes along as an initializer named as the net names it, those
// the part does not compute with (a VAE's log-variance, a concrete
// selector's logits) included, so that LoadONNX gets back the whole net;
// the spec is in the metadata.
func (a *Autoencoder) ONNX(g ONNXGraph) ([]byte, error) {
	m, err := a.onnxModel(g)
	if err != nil {
		return nil, err
	}
	return proto.MarshalOptions{Deterministic: true}.Marshal(m)
}

// WriteONNX writes the ONNX model of graph part g to path, atomically.
func (a *Autoencoder) WriteONNX(path string, g ONNXGraph) error {
	b, err := a.ONNX(g)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("nets: %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("nets: %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

// onnxModel builds the model proto of graph part g.
func (a *Autoencoder) onnxModel(g ONNXGraph) (*pb.ModelProto, error) {
	spec, err := MarshalSpec(a.plan.spec)
	if err != nil {
		return nil, err
	}
	b := newONNXBuilder(func(name string) ([]int, []float32, bool) {
		if a.params.Tensor(name) == nil {
			return nil, nil, false
		}
		return a.params.Shape(name), a.params.Data(name), true
	})
	in, out, err := a.plan.onnxGraph(b, g)
	if err != nil {
		return nil, err
	}
	for _, name := range a.params.Names() { // the weights g does not read
		if _, err := b.param(name); err != nil {
			return nil, err
		}
	}
	graphName := a.plan.spec.Name
	if graphName == "" {
		graphName = "autoencoder"
	}
	return &pb.ModelProto{
		IrVersion:    proto.Int64(ONNXIRVersion),
		OpsetImport:  []*pb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(ONNXOpset)}},
		ProducerName: proto.String(onnxProducer),
		Graph: &pb.GraphProto{Name: proto.String(graphName + " " + string(g)), Node: b.nodes, Initializer: b.inits,
			Input: []*pb.ValueInfoProto{in}, Output: []*pb.ValueInfoProto{out}},
		MetadataProps: []*pb.StringStringEntryProto{
			{Key: proto.String(ONNXMetaSpec), Value: proto.String(spec)},
			{Key: proto.String(ONNXMetaGraph), Value: proto.String(string(g))},
		},
	}, nil
}

// onnxGraph adds the nodes of graph part g and returns its input and
// output.
func (p *plan) onnxGraph(b *onnxBuilder, g ONNXGraph) (in, out *pb.ValueInfoProto, err error) {
	d, c := size(p.spec.Input), size(p.code)
	var y string
	switch g {
	case ONNXReconstruct:
		in, out = onnxRows("x", d), onnxRows("reconstruction", d)
		y, err = p.onnxReconstruct(b, "x")
	case ONNXEncoder:
		in, out = onnxRows("x", d), onnxRows("code", c)
		y, err = p.onnxEncode(b, "x")
	case ONNXDecoder:
		in, out = onnxRows("code", c), onnxRows("reconstruction", d)
		y, err = p.onnxDecode(b, "code")
	case ONNXScore:
		in, out = onnxRows("x", d), onnxValueInfo("score", []any{onnxBatch})
		y, err = p.onnxScore(b, "x")
	default:
		return nil, nil, fmt.Errorf("nets: onnx: unknown graph %q (want %s)", g, orList(graphNames()))
	}
	if err != nil {
		return nil, nil, err
	}
	b.rename(y, out.GetName())
	return in, out, nil
}

func graphNames() []string {
	var out []string
	for _, g := range ONNXGraphs {
		out = append(out, string(g))
	}
	return out
}

// rename gives the tensor from, a node's output, the name to.
func (b *onnxBuilder) rename(from, to string) {
	for _, n := range b.nodes {
		for i, o := range n.Output {
			if o == from {
				n.Output[i] = to
			}
		}
	}
}

// onnxReconstruct adds the whole net on raw samples x and returns the raw
// reconstruction.
func (p *plan) onnxReconstruct(b *onnxBuilder, x string) (string, error) {
	code, err := p.onnxCode(b, x)
	if err != nil {
		return "", err
	}
	r, err := p.onnxDecodeScaled(b, code)
	if err != nil {
		return "", err
	}
	return p.onnxUnscale(b, r)
}

// onnxEncode adds the encoder on raw samples x and returns the code as
// rows.
func (p *plan) onnxEncode(b *onnxBuilder, x string) (string, error) {
	code, err := p.onnxCode(b, x)
	if err != nil || len(p.code) == 1 {
		return code, err
	}
	return b.node("Flatten", "code/flatten", []string{code}, attrInt("axis", 1)), nil
}

// onnxDecode adds the decoder on rows of codes and returns the raw
// reconstruction.
func (p *plan) onnxDecode(b *onnxBuilder, code string) (string, error) {
	if len(p.code) > 1 {
		code = b.node("Reshape", "code/reshape", []string{code, b.ints("code/shape", append([]int{-1}, p.code...))})
	}
	r, err := p.onnxDecodeScaled(b, code)
	if err != nil {
		return "", err
	}
	return p.onnxUnscale(b, r)
}

// onnxCode adds the scaling and the encoder on raw samples x and returns
// the code in the encoder's shape.
func (p *plan) onnxCode(b *onnxBuilder, x string) (string, error) {
	h, err := p.onnxScale(b, x)
	if err != nil {
		return "", err
	}
	return onnxStack(b, p.encoder, p.onnxSamples(b, h))
}

// onnxSamples gives rows x the sample shape, for a net that takes images.
func (p *plan) onnxSamples(b *onnxBuilder, x string) string {
	if len(p.spec.Input) == 1 {
		return x
	}
	return b.node("Reshape", "input/reshape", []string{x, b.ints("input/shape", append([]int{-1}, p.spec.Input...))})
}

// onnxDecodeScaled adds the decoder on a code in the encoder's shape and
// returns rows in the net's units.
func (p *plan) onnxDecodeScaled(b *onnxBuilder, code string) (string, error) {
	r, err := onnxStack(b, p.decoder, code)
	if err != nil || len(p.spec.Input) == 1 {
		return r, err
	}
	return b.node("Flatten", "output/flatten", []string{r}, attrInt("axis", 1)), nil
}

// onnxStack adds the layers ps on x.
func onnxStack(b *onnxBuilder, ps []planned, x string) (string, error) {
	for _, l := range ps {
		k, ok := kindOf(l.Type)
		if !ok || k.onnx == nil {
			return "", fmt.Errorf("nets: onnx: %s: layer kind %s has no ONNX form", l.name, l.Type)
		}
		var err error
		if x, err = k.onnx.write(b, l, x); err != nil {
			return "", err
		}
	}
	return x, nil
}

// onnxRows is a graph input or output of rows of n values.
func onnxRows(name string, n int) *pb.ValueInfoProto {
	return onnxValueInfo(name, []any{onnxBatch, n})
}

// onnxValueInfo is a float tensor's value info; dims are ints or names.
func onnxValueInfo(name string, dims []any) *pb.ValueInfoProto {
	shape := &pb.TensorShapeProto{}
	for _, d := range dims {
		dim := &pb.TensorShapeProto_Dimension{}
		switch v := d.(type) {
		case int:
			dim.Value = &pb.TensorShapeProto_Dimension_DimValue{DimValue: int64(v)}
		case string:
			dim.Value = &pb.TensorShapeProto_Dimension_DimParam{DimParam: v}
		}
		shape.Dim = append(shape.Dim, dim)
	}
	return &pb.ValueInfoProto{Name: proto.String(name), Type: &pb.TypeProto{Value: &pb.TypeProto_TensorType{
		TensorType: &pb.TypeProto_Tensor{ElemType: proto.Int32(int32(pb.TensorProto_FLOAT)), Shape: shape}}}}
}

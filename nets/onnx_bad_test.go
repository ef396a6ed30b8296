package nets_test

import (
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// denseONNX returns the dense net's export, parsed, with its metadata or
// without (a plain graph).
func denseONNX(t testing.TB, meta bool) *pb.ModelProto {
	t.Helper()
	b, err := onnxNet(t, "dense").ONNX(nets.ONNXReconstruct)
	if err != nil {
		t.Fatal(err)
	}
	if !meta {
		b = nets.StripONNXMetadata(b)
	}
	var m pb.ModelProto
	if err := proto.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func marshal(t testing.TB, m *pb.ModelProto) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestONNXBadInput: a file the reader cannot take is one line naming what
// is wrong, never a panic.
func TestONNXBadInput(t *testing.T) {
	good := marshal(t, denseONNX(t, true))
	cases := []struct {
		name, want string
		file       func() []byte
	}{
		{"empty", "an empty file is no ONNX model", func() []byte { return nil }},
		{"truncated", "not an ONNX model", func() []byte { return good[:len(good)/2] }},
		{"not protobuf", "not an ONNX model", func() []byte { return []byte("{\"spec\": 1}\n") }},
		{"unsupported op", `node "decoder/dense0/act" (Hardmax): op Hardmax is not one of the ops read`, func() []byte {
			m := denseONNX(t, false)
			m.Graph.Node[len(m.Graph.Node)-1].OpType = proto.String("Hardmax")
			return marshal(t, m)
		}},
		{"two inputs", "the graph has 2 inputs (x, y)", func() []byte {
			m := denseONNX(t, false)
			m.Graph.Input = append(m.Graph.Input, &pb.ValueInfoProto{Name: proto.String("y")})
			return marshal(t, m)
		}},
		{"opset 18", "opset 18 is not one the reader reads (13 to 17)", func() []byte {
			m := denseONNX(t, true)
			m.OpsetImport[0].Version = proto.Int64(18)
			return marshal(t, m)
		}},
		{"opset 9", "opset 9 is not one the reader reads", func() []byte {
			m := denseONNX(t, false)
			m.OpsetImport[0].Version = proto.Int64(9)
			return marshal(t, m)
		}},
		{"no graph", "the model has no graph", func() []byte {
			m := denseONNX(t, true)
			m.Graph = nil
			return marshal(t, m)
		}},
		{"no opset", "imports no opset", func() []byte {
			m := denseONNX(t, false)
			m.OpsetImport = nil
			return marshal(t, m)
		}},
		{"weights of the wrong shape, own export", `weight "encoder/dense0/w" has shape [392 64], the spec says [784 32]`, func() []byte {
			m := denseONNX(t, true)
			m.Graph.Initializer[0].Dims = []int64{392, 64}
			return marshal(t, m)
		}},
		{"weights of the wrong shape, plain graph", `node "encoder/dense0" (Gemm): weights of shape [392 64] do not take 784 inputs`, func() []byte {
			m := denseONNX(t, false)
			m.Graph.Initializer[0].Dims = []int64{392, 64}
			return marshal(t, m)
		}},
		{"too few values", `tensor "encoder/dense0/w" has 100352 bytes of data, its shape [784 64] needs 200704`, func() []byte {
			m := denseONNX(t, false)
			m.Graph.Initializer[0].Dims = []int64{784, 64}
			return marshal(t, m)
		}},
		{"edited graph of an own export", "the graph is not the one its spec", func() []byte {
			m := denseONNX(t, true)
			m.Graph.Node[1].OpType = proto.String("Sigmoid")
			return marshal(t, m)
		}},
		{"branch", "read by 2 nodes: the graph branches", func() []byte {
			m := denseONNX(t, false)
			extra := proto.Clone(m.Graph.Node[1]).(*pb.NodeProto)
			extra.Name, extra.Output = proto.String("side"), []string{"side"}
			m.Graph.Node = append(m.Graph.Node, extra)
			return marshal(t, m)
		}},
		{"cycle", "reached twice: the graph has a cycle", func() []byte {
			m := denseONNX(t, false)
			e := m.Graph.Node[0].Output[0] // the first Gemm's output
			m.Graph.Node[1].Input[0] = "elsewhere"
			m.Graph.Node = append(m.Graph.Node,
				&pb.NodeProto{Name: proto.String("a"), OpType: proto.String("Identity"), Input: []string{e}, Output: []string{"f"}},
				&pb.NodeProto{Name: proto.String("b"), OpType: proto.String("Identity"), Input: []string{"f"}, Output: []string{e}})
			return marshal(t, m)
		}},
		{"pads", `node "encoder/conv0" (Conv): pads [1 1 2 2] are neither 'same' nor 'valid' padding`, func() []byte {
			b, err := onnxNet(t, "conv").ONNX(nets.ONNXReconstruct)
			if err != nil {
				t.Fatal(err)
			}
			var m pb.ModelProto
			if err := proto.Unmarshal(nets.StripONNXMetadata(b), &m); err != nil {
				t.Fatal(err)
			}
			for _, n := range m.Graph.Node {
				if n.GetName() == "encoder/conv0" {
					for _, a := range n.Attribute {
						if a.GetName() == "pads" {
							a.Ints = []int64{1, 1, 2, 2}
						}
					}
				}
			}
			return marshal(t, &m)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := nets.ReadONNX(c.file())
			if err == nil {
				t.Fatal("read")
			}
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line saying %q", err, c.want)
			}
		})
	}
}

// FuzzReadONNX: any bytes given as an ONNX model are read or refused with
// an error, without a panic, and a model read builds.
func FuzzReadONNX(f *testing.F) {
	// small nets, so that the fuzzer's mutations reach the graph
	tiny := []nets.Spec{
		{Input: []int{4}, Encoder: []nets.Layer{nets.Dense(2, graph.ReLU)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}},
		{Input: []int{1, 4, 4}, Encoder: []nets.Layer{nets.Conv(2, 3, graph.ReLU), nets.MaxPool(2)},
			Decoder: []nets.Layer{nets.ConvTranspose(2, 3, 2, graph.ReLU), nets.Conv(0, 3, graph.Sigmoid)}},
		{Input: []int{6}, Encoder: []nets.Layer{nets.Concrete(2)}, Decoder: []nets.Layer{nets.Dense(0, graph.Sigmoid)}, Loss: graph.MSE},
	}
	for _, s := range tiny {
		b, err := randomBiases(f, s).ONNX(nets.ONNXReconstruct)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(nets.StripONNXMetadata(b))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := nets.ReadONNX(b)
		if err != nil {
			return
		}
		s, err := nets.SpecOf(c.Model)
		if err != nil {
			t.Fatalf("a model read has a spec that does not parse: %v", err)
		}
		if err := nets.CheckWeights(s, c.Weights); err != nil {
			t.Fatalf("a model read has weights its spec refuses: %v", err)
		}
	})
}

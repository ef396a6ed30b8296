package nets

import (
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// The write functions of the sequence kinds, whose samples are (channels,
// steps). conv1d, conv1d_transpose, maxpool1d and upsample1d share the
// 2-D kinds' writers, which write an attribute per spatial axis.

// writeTimeDense writes a per-step dense layer as what it is, a Conv of
// kernel 1 with the weights as stored (units, in, 1), then its
// activation.
func writeTimeDense(b *onnxBuilder, p planned, x string) (string, error) {
	in, err := convIn(b, p, x)
	if err != nil {
		return "", err
	}
	y := b.node("Conv", p.name, in, attrInts("kernel_shape", 1), attrInts("strides", 1), attrInts("pads", 0, 0))
	return b.activate(p.name, p.Activation, y)
}

// writeRepeatVector writes (batch, d) → (batch, d, n): Unsqueeze the step
// axis, then Expand it to n steps, the batch left to broadcast.
func writeRepeatVector(b *onnxBuilder, p planned, x string) (string, error) {
	u := b.node("Unsqueeze", p.name+"/unsqueeze", []string{x, b.ints(p.name+"/axes", []int{2})})
	return b.node("Expand", p.name, []string{u, b.ints(p.name+"/shape", []int{1, p.in[0], p.N})}), nil
}

// onnxRNN says how a recurrent kind's weights go to ONNX's LSTM or GRU.
type onnxRNN struct {
	op string
	// order lists, for each of ONNX's gates, the gate of ours (as the
	// rows of our weights hold them) that it is.
	order []int
	// biases are our parameters of the input's and of the recurrent
	// products' biases; "" is none (zeros).
	biases [2]string
	attrs  []*pb.AttributeProto
}

// ONNX's LSTM gates are i, o, f, c; ours PyTorch's i, f, g, o. ONNX's
// GRU's are z, r, h; ours PyTorch's r, z, n, which ONNX computes with
// linear_before_reset 1.
var (
	onnxLSTM = onnxRNN{op: "LSTM", order: []int{0, 3, 1, 2}, biases: [2]string{"b", ""}}
	onnxGRU  = onnxRNN{op: "GRU", order: []int{1, 0, 2}, biases: [2]string{"b", "bu"},
		attrs: []*pb.AttributeProto{attrInt("linear_before_reset", 1)}}
)

func writeLSTM(b *onnxBuilder, p planned, x string) (string, error) { return onnxLSTM.write(b, p, x) }
func writeGRU(b *onnxBuilder, p planned, x string) (string, error)  { return onnxGRU.write(b, p, x) }

// write adds the recurrent layer p on sequences x, (batch, channels,
// steps): its input transposed to ONNX's (steps, batch, channels), the op
// with its weights' gates reordered (constants named .../W, .../R and
// .../B; the weights as stored go along as initializers no node reads),
// and the output: Y_h (batch, units), or with sequences Y squeezed and
// transposed to (batch, units, steps).
func (r onnxRNN) write(b *onnxBuilder, p planned, x string) (string, error) {
	var ws [4][]float32
	for i, n := range []string{"w", "u", r.biases[0], r.biases[1]} {
		if n == "" {
			continue
		}
		name, err := b.param(p.name + "/" + n)
		if err != nil {
			return "", err
		}
		_, ws[i], _ = b.weight(name)
	}
	units, gates := p.Units, len(r.order)
	recBias := r.gates(ws[3], units)
	if recBias == nil {
		recBias = make([]float32, gates*units)
	}
	bias := append(r.gates(ws[2], units), recBias...)
	in := []string{b.node("Transpose", p.name+"/steps_first", []string{x}, attrInts("perm", 2, 0, 1)),
		b.floats(p.name+"/W", []int{1, gates * units, p.in[0]}, r.gates(ws[0], units)),
		b.floats(p.name+"/R", []int{1, gates * units, units}, r.gates(ws[1], units)),
		b.floats(p.name+"/B", []int{1, 2 * gates * units}, bias)}
	attrs := append([]*pb.AttributeProto{attrInt("hidden_size", units)}, r.attrs...)
	if !p.Sequences {
		b.nodeOuts(r.op, p.name, in, []string{"", p.name + "/Y_h"}, attrs...)
		return b.node("Squeeze", p.name+"/last", []string{p.name + "/Y_h", b.ints(p.name+"/axes", []int{0})}), nil
	}
	b.nodeOuts(r.op, p.name, in, []string{p.name + "/Y"}, attrs...)
	y := b.node("Squeeze", p.name+"/directions", []string{p.name + "/Y", b.ints(p.name+"/axes", []int{1})})
	return b.node("Transpose", p.name+"/steps_last", []string{y}, attrInts("perm", 1, 2, 0)), nil
}

// gates returns the rows of v, which holds len(r.order) gates of units
// rows each (of any width), in ONNX's order; nil for nil.
func (r onnxRNN) gates(v []float32, units int) []float32 {
	if v == nil {
		return nil
	}
	size := len(v) / len(r.order)
	out := make([]float32, 0, len(v))
	for _, g := range r.order {
		out = append(out, v[g*size:(g+1)*size]...)
	}
	return out
}

// nodeOuts adds a node of op named name with the outputs outs ("" for an
// optional output left out).
func (b *onnxBuilder) nodeOuts(op, name string, inputs, outs []string, attrs ...*pb.AttributeProto) {
	b.nodes = append(b.nodes, &pb.NodeProto{OpType: proto.String(op), Name: proto.String(name),
		Input: inputs, Output: outs, Attribute: attrs})
}

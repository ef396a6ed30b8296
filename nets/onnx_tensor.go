package nets

import (
	"encoding/binary"
	"fmt"
	"math"

	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
)

// onnxTensor is a constant of an ONNX graph: floats or int64s (shapes,
// indices) with its shape.
type onnxTensor struct {
	shape []int
	f     []float32
	i     []int64
}

// maxONNXValues bounds a constant's size, so that a crafted file cannot
// make the reader allocate without limit.
const maxONNXValues = maxParams

// decodeONNXTensor reads a float or int64 tensor, from its raw data or its
// typed field.
func decodeONNXTensor(t *pb.TensorProto) (onnxTensor, error) {
	var out onnxTensor
	n := 1
	for _, d := range t.GetDims() {
		if d < 0 || d > maxDim*maxDim || n*int(max(d, 1)) > maxONNXValues {
			return out, fmt.Errorf("tensor %q has shape %v", t.GetName(), t.GetDims())
		}
		out.shape = append(out.shape, int(d))
		n *= int(d)
	}
	if t.GetDataLocation() == pb.TensorProto_EXTERNAL {
		return out, fmt.Errorf("tensor %q keeps its data in an external file, which is not read", t.GetName())
	}
	raw := t.GetRawData()
	switch pb.TensorProto_DataType(t.GetDataType()) {
	case pb.TensorProto_FLOAT:
		out.f = t.GetFloatData()
		if raw != nil {
			if len(raw) != 4*n {
				return out, fmt.Errorf("tensor %q has %d bytes of data, its shape %v needs %d", t.GetName(), len(raw), out.shape, 4*n)
			}
			out.f = make([]float32, n)
			for i := range out.f {
				out.f[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
			}
		}
		if len(out.f) != n {
			return out, fmt.Errorf("tensor %q has %d values, its shape %v needs %d", t.GetName(), len(out.f), out.shape, n)
		}
	case pb.TensorProto_INT64:
		out.i = t.GetInt64Data()
		if raw != nil {
			if len(raw) != 8*n {
				return out, fmt.Errorf("tensor %q has %d bytes of data, its shape %v needs %d", t.GetName(), len(raw), out.shape, 8*n)
			}
			out.i = make([]int64, n)
			for i := range out.i {
				out.i[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
			}
		}
		if len(out.i) != n {
			return out, fmt.Errorf("tensor %q has %d values, its shape %v needs %d", t.GetName(), len(out.i), out.shape, n)
		}
	default:
		return out, fmt.Errorf("tensor %q is of type %v, not float or int64", t.GetName(), pb.TensorProto_DataType(t.GetDataType()))
	}
	return out, nil
}

// ints returns an int64 constant as ints, or floats that are whole
// numbers (Resize's scales).
func (t onnxTensor) ints() ([]int, bool) {
	var out []int
	for _, v := range t.i {
		if v < math.MinInt32 || v > math.MaxInt64/2 {
			return nil, false
		}
		out = append(out, int(v))
	}
	for _, v := range t.f {
		if v != float32(math.Trunc(float64(v))) || v < -maxDim || v > maxDim {
			return nil, false
		}
		out = append(out, int(v))
	}
	return out, true
}

package nets

import (
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
	"google.golang.org/protobuf/proto"
)

// StripONNXMetadata returns the ONNX model b without its metadata, for the
// tests of the reader of plain graphs.
func StripONNXMetadata(b []byte) []byte {
	var m pb.ModelProto
	if err := proto.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	m.MetadataProps = nil
	out, err := proto.Marshal(&m)
	if err != nil {
		panic(err)
	}
	return out
}

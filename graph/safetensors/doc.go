// Package safetensors reads and writes the safetensors format of Hugging
// Face: named float32 tensors and string metadata, readable by Python's
// safetensors library and numpy.
//
// A safetensors file is an 8-byte little-endian header length N, N bytes of
// JSON describing each tensor's dtype, shape and byte range, and then the
// raw little-endian, row-major tensor data. See
// https://huggingface.co/docs/safetensors.
//
// Write always stores tensors as F32, sorted by name and laid out
// contiguously, with the header padded by spaces to a multiple of 8 bytes,
// so its output is byte-for-byte deterministic. Read accepts F32 and also
// converts F64, F16 and BF16 tensors to float32; it validates the file
// strictly and reports problems as *FormatError values.
//
// WriteFile replaces a file atomically, through a temporary file synced
// and renamed over it; WriteFileAtomic and AtomicFile write any other file
// of a run (CSV, JSON, PNG, .npy) the same way, the one implementation of
// atomic writes in this module, and RemoveStaleTemps clears the temporary
// files of a process killed while writing.
//
// Saving and loading a file:
//
//	f := &safetensors.File{
//		Tensors: map[string]safetensors.Tensor{
//			"encoder/w": {Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, 6}},
//			"encoder/b": {Shape: []int{3}, Data: []float32{0, 0, 0}},
//		},
//		Metadata: map[string]string{"format": "pt"},
//	}
//	if err := safetensors.WriteFile("model.safetensors", f); err != nil {
//		return err
//	}
//	g, err := safetensors.ReadFile("model.safetensors")
//	if err != nil {
//		return err
//	}
//	w := g.Tensors["encoder/w"] // w.Shape == []int{2, 3}
package safetensors

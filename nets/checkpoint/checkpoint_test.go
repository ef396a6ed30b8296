package checkpoint_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// TestWriteRead: a checkpoint reads back as it was written, its slots
// apart from its weights, and Write sets the keys it owns.
func TestWriteRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "last.safetensors")
	in := &checkpoint.Checkpoint{
		Model:   `{"input":[2]}`,
		Epoch:   3,
		Weights: map[string]safetensors.Tensor{"encoder/dense0/w": {Shape: []int{2, 1}, Data: []float32{1, 2}}},
		Slots:   map[string]safetensors.Tensor{"m/encoder/dense0/w": {Shape: []int{2, 1}, Data: []float32{3, 4}}},
		Meta:    map[string]string{checkpoint.MetaEpoch: "9", checkpoint.MetaOptimizer: "adam", checkpoint.MetaHyper: `{"learning_rate":0.01}`},
	}
	if err := checkpoint.Write(path, in); err != nil {
		t.Fatal(err)
	}
	if in.Meta[checkpoint.MetaEpoch] != "9" || len(in.Meta) != 3 {
		t.Errorf("Write changed its checkpoint's metadata: %v", in.Meta)
	}
	c, err := checkpoint.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Model != in.Model || c.Epoch != 3 || c.Meta[checkpoint.MetaFormat] != checkpoint.Format || c.Meta[checkpoint.MetaOptimizer] != "adam" {
		t.Errorf("read model %q, epoch %d, metadata %v", c.Model, c.Epoch, c.Meta)
	}
	if len(c.Weights) != 1 || !slices.Equal(c.Weights["encoder/dense0/w"].Data, []float32{1, 2}) {
		t.Errorf("weights %v", c.Weights)
	}
	if len(c.Slots) != 1 || !slices.Equal(c.Slots["m/encoder/dense0/w"].Data, []float32{3, 4}) {
		t.Errorf("slots %v", c.Slots)
	}
	if h, err := c.Hyper(); err != nil || h["learning_rate"] != 0.01 {
		t.Errorf("Hyper() = %v, %v", h, err)
	}
}

// TestReadRefuses: a safetensors file of another format, or with a bad
// epoch, is no checkpoint.
func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		meta map[string]string
		want string
	}{
		{"other", map[string]string{"format": "pt"}, "not a checkpoint"},
		{"epoch", map[string]string{checkpoint.MetaFormat: checkpoint.Format, checkpoint.MetaEpoch: "-1"}, "bad epoch"},
	} {
		path := filepath.Join(dir, c.name+".safetensors")
		if err := safetensors.WriteFile(path, &safetensors.File{Tensors: map[string]safetensors.Tensor{}, Metadata: c.meta}); err != nil {
			t.Fatal(err)
		}
		if _, err := checkpoint.Read(path); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "checkpoint: ") {
			t.Errorf("%s: %v, want an error mentioning %q", c.name, err, c.want)
		}
	}
}

package data_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/data"
)

// TestRegisteredReader: Open reads a file of a registered extension with
// its reader, whatever the case of the name, applying Limit and
// CheckShape; a .parquet file without data/parquet imported is an
// ErrUnknownKind that names the package to import.
func TestRegisteredReader(t *testing.T) {
	dir := t.TempDir()
	data.RegisterReader(".rowsfake", func(r io.ReaderAt, size int64, source, label string) (*data.Set, error) {
		b := make([]byte, size)
		if _, err := r.ReadAt(b, 0); err != nil && err != io.EOF {
			return nil, err
		}
		x := make([]float32, len(b))
		for i, c := range b {
			x[i] = float32(c - '0')
		}
		return &data.Set{X: x, Shape: []int{2}, Source: source}, nil
	})
	path := filepath.Join(dir, "a.ROWSFAKE")
	os.WriteFile(path, []byte("123456"), 0o644)
	s, err := data.Open(path, data.Options{Limit: 2})
	if err != nil || s.Train.Len() != 2 || s.Train.X[3] != 4 {
		t.Fatalf("Open: %v, %v", s, err)
	}
	_, err = data.Open(path, data.Options{CheckShape: func([]int) error { return errors.New("no pairs") }})
	if err == nil || !strings.Contains(err.Error(), "no pairs") || !strings.Contains(err.Error(), path) {
		t.Errorf("CheckShape: %v", err)
	}
	pq := filepath.Join(dir, "x.parquet")
	os.WriteFile(pq, []byte("PAR1"), 0o644)
	if _, err := data.Open(pq, data.Options{}); !errors.Is(err, data.ErrUnknownKind) || !strings.Contains(err.Error(), "data/parquet") {
		t.Errorf("parquet without its package: %v", err)
	}
}

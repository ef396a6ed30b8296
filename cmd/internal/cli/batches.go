package cli

import (
	"fmt"

	"github.com/go-autoencoders/ae/data"
)

// Batch is the number of samples the commands read and run at once: the
// inference chunk of nets, so that results equal one call over all rows.
const Batch = 256

// EachBatch calls f with the raw values of up to Batch samples of s at a
// time, from memory or from the file behind a file-backed set; start is
// the index of the first. The buffer is reused between calls.
func EachBatch(s *data.Set, f func(start int, raw []float32) error) error {
	size, n := s.Size(), s.Len()
	buf := make([]float32, min(Batch, n)*size)
	for start := 0; start < n; start += Batch {
		k := min(Batch, n-start)
		if err := s.ReadRows(start, k, buf[:k*size]); err != nil {
			return fmt.Errorf("-data: %w", err)
		}
		if err := f(start, buf[:k*size]); err != nil {
			return err
		}
	}
	return nil
}

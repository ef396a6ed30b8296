package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
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

// EachScaledBatch is EachBatch with each batch scaled for a, in the
// units the net works in, stopping when ctx is done: a value that cannot
// be scaled is an error naming -data and the file.
func EachScaledBatch(ctx context.Context, s *data.Set, a *nets.Autoencoder, f func(start int, x []float32) error) error {
	return EachBatch(s, func(start int, raw []float32) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		x, err := a.Scale(raw)
		if err != nil {
			return fmt.Errorf("-data: %s: %w", s.Source, err)
		}
		return f(start, x)
	})
}

// NewFlagSet returns the flag set of command name, which prints usage, a
// synopsis such as "encode [flags] CHECKPOINT", before its flags.
func NewFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage:", usage)
		fs.PrintDefaults()
	}
	return fs
}

package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths, always
	_ "github.com/go-autoencoders/ae/data/parquet"                     // .parquet shards

	"github.com/go-autoencoders/ae/data"
)

// Row is one sample of an input shard.
type Row struct {
	File string    // the shard it is from
	Row  int64     // its index in the shard, from 0
	Key  string    // its value of ReadOptions.KeyColumn, "" without one
	X    []float32 // its raw values, as data.Open reads them
}

// ReadOptions say how to read the shards.
type ReadOptions struct {
	// KeyColumn names the column whose value becomes Row.Key, as
	// -label-column names the labels of the commands: it is not a
	// feature. "" reads every column as a feature.
	KeyColumn string
	// Layout is data.Options.Layout, for 4-D .npy shards.
	Layout string
}

// ReadRows reads the rows of every file matching pattern, on any Beam
// file system: CSV (.csv, .csv.gz), Parquet (.parquet) and .npy shards,
// each read whole by data.Open. No file matching is an error naming the
// pattern; a bad shard an error naming it.
func ReadRows(s beam.Scope, pattern string, opt ReadOptions) beam.PCollection {
	s = s.Scope("ReadRows")
	files := beam.ParDo(s, &matchFn{}, beam.Create(s, pattern))
	files = beam.Reshuffle(s, files)
	return beam.ParDo(s, &readFn{Opt: opt}, files)
}

// matchFn lists the files matching a pattern.
type matchFn struct{}

func (f *matchFn) ProcessElement(ctx context.Context, pattern string, emit func(string)) error {
	fs, err := filesystem.New(ctx, pattern)
	if err != nil {
		return fmt.Errorf("--input %s: %w", pattern, err)
	}
	defer fs.Close()
	files, err := fs.List(ctx, pattern)
	if err != nil {
		return fmt.Errorf("--input %s: %w", pattern, err)
	}
	if len(files) == 0 {
		return fmt.Errorf("--input %s: no file matches", pattern)
	}
	slices.Sort(files)
	for _, name := range files {
		emit(name)
	}
	return nil
}

// readFn reads the rows of one shard.
type readFn struct {
	Opt ReadOptions
}

func (f *readFn) ProcessElement(ctx context.Context, file string, emit func(Row)) error {
	set, err := ReadShard(ctx, file, f.Opt)
	if err != nil {
		return err
	}
	size := set.Size()
	for i := range set.Len() {
		r := Row{File: file, Row: int64(i), X: make([]float32, size)}
		if err := set.ReadRows(i, 1, r.X); err != nil {
			return fmt.Errorf("--input: %w", err)
		}
		if set.Labels != nil {
			r.Key = set.Labels[i]
		}
		emit(r)
	}
	return nil
}

// ReadShard reads one shard with data.Open, the reader of the commands:
// a local file where it is, any other (gs://, s3://) copied first into a
// local temporary file of the same name. A shard that is not CSV,
// Parquet or .npy, or that holds a test part, is an error naming it.
func ReadShard(ctx context.Context, file string, opt ReadOptions) (*data.Set, error) {
	local := file
	if strings.Contains(file, "://") {
		tmp, err := copyLocal(ctx, file)
		if err != nil {
			return nil, fmt.Errorf("--input: %s: %w", file, err)
		}
		defer os.RemoveAll(path.Dir(tmp))
		local = tmp
	}
	lower := strings.ToLower(file)
	if !strings.HasSuffix(lower, ".csv") && !strings.HasSuffix(lower, ".csv.gz") && !strings.HasSuffix(lower, ".parquet") && !strings.HasSuffix(lower, ".npy") {
		return nil, fmt.Errorf("--input: %s: want a .csv, .csv.gz, .parquet or .npy shard", file)
	}
	split, err := data.Open(local, data.Options{LabelColumn: opt.KeyColumn, Layout: opt.Layout})
	if err != nil {
		if local != file {
			return nil, fmt.Errorf("--input: %s: %w", file, err)
		}
		return nil, fmt.Errorf("--input: %w", err)
	}
	if split.Test != nil {
		return nil, fmt.Errorf("--input: %s holds a test part; give its parts as separate shards", file)
	}
	return split.Train, nil
}

// copyLocal copies file, on any Beam file system, into a new temporary
// folder, under its own base name, and returns the copy's path.
func copyLocal(ctx context.Context, file string) (string, error) {
	fs, err := filesystem.New(ctx, file)
	if err != nil {
		return "", err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, file)
	if err != nil {
		return "", err
	}
	defer r.Close()
	dir, err := os.MkdirTemp("", "shard")
	if err != nil {
		return "", err
	}
	tmp := path.Join(dir, path.Base(file))
	w, err := os.Create(tmp)
	if err == nil {
		_, err = io.Copy(w, r)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return tmp, nil
}

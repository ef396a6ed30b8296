package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// Output formats of a Sink.
const (
	CSV     = "csv"
	Parquet = "parquet"
)

// Sink says where and how a pipeline writes its results.
type Sink struct {
	// Prefix names the shards: PREFIX-00000-of-00004.csv, ...; the
	// marker PREFIX_SUCCESS is written when all are in place.
	Prefix string
	// Format is CSV (the default when "") or Parquet.
	Format string
	// CodeList writes a Parquet shard's codes as one list column, code,
	// instead of one float column per unit, code0, code1, ...
	CodeList bool
	// Temp is a folder (or object prefix) of this run only, where the
	// bundles write their shards before they are renamed into place;
	// NewTemp makes one beside Prefix.
	Temp string
}

// NewTemp returns a temporary location beside prefix for one run.
func NewTemp(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + ".tmp-" + hex.EncodeToString(b)
}

// Marker returns the path of the marker a complete output has.
func (k Sink) Marker() string { return k.Prefix + "_SUCCESS" }

// ext returns the shards' extension.
func (k Sink) ext() string {
	if k.Format == Parquet {
		return ".parquet"
	}
	return ".csv"
}

// Check checks the sink's fields.
func (k Sink) Check() error {
	switch {
	case k.Prefix == "":
		return fmt.Errorf("--output: missing")
	case k.Format != "" && k.Format != CSV && k.Format != Parquet:
		return fmt.Errorf("--format: %q: want csv or parquet", k.Format)
	case k.Temp == "" || k.Temp == k.Prefix:
		return fmt.Errorf("pipeline: the sink of %s has no temporary location of its own", k.Prefix)
	}
	return nil
}

// shardInfo is a shard a bundle wrote.
type shardInfo struct {
	Temp string
	Rows int64
}

// finalize renames the shards of the successful bundles into place, as
// PREFIX-00000-of-NNNNN, after removing the marker and the shards of an
// earlier run, then writes the marker.
func finalize(s beam.Scope, shards beam.PCollection, k Sink) {
	s = s.Scope("Finalize")
	grouped := beam.GroupByKey(s, beam.AddFixedKey(s, shards))
	beam.ParDo0(s, &finalizeFn{Sink: k}, grouped)
}

// finalizeFn renames the shards into place and writes the marker.
type finalizeFn struct {
	Sink Sink
}

// Marker is the content of PREFIX_SUCCESS.
type Marker struct {
	Format string   `json:"format"`
	Rows   int64    `json:"rows"`
	Shards []string `json:"shards"`
}

func (f *finalizeFn) ProcessElement(ctx context.Context, _ int, shards func(*shardInfo) bool) error {
	var all []shardInfo
	var s shardInfo
	for shards(&s) {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b shardInfo) int { return strings.Compare(a.Temp, b.Temp) })
	k := f.Sink
	fs, err := filesystem.New(ctx, k.Prefix)
	if err != nil {
		return fmt.Errorf("--output %s: %w", k.Prefix, err)
	}
	defer fs.Close()
	if err := removeOld(ctx, fs, k.Marker(), k.Prefix+"-?????-of-?????.csv", k.Prefix+"-?????-of-?????.parquet"); err != nil {
		return fmt.Errorf("--output %s: %w", k.Prefix, err)
	}
	m := Marker{Format: k.Format, Shards: []string{}}
	for i, sh := range all {
		name := fmt.Sprintf("%s-%05d-of-%05d%s", k.Prefix, i, len(all), k.ext())
		if err := moveTo(ctx, fs, sh.Temp, name); err != nil {
			return err
		}
		m.Shards, m.Rows = append(m.Shards, name), m.Rows+sh.Rows
	}
	return writeMarker(ctx, fs, k.Marker(), m, k.Temp)
}

// moveTo renames file old to name on fs, making name's folder first on
// the local file system (object stores have none).
func moveTo(ctx context.Context, fs filesystem.Interface, old, name string) error {
	if !strings.Contains(name, "://") {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
	}
	if err := filesystem.Rename(ctx, fs, old, name); err != nil {
		return fmt.Errorf("--output: moving %s to %s: %w", old, name, err)
	}
	return nil
}

// removeOld removes the marker, then the files matching the globs.
func removeOld(ctx context.Context, fs filesystem.Interface, marker string, globs ...string) error {
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("the file system cannot remove files")
	}
	var old []string
	for _, g := range globs {
		files, err := fs.List(ctx, g)
		if err != nil {
			return err
		}
		old = append(old, files...)
	}
	if m, err := fs.List(ctx, marker); err == nil && len(m) > 0 {
		if err := rm.Remove(ctx, marker); err != nil {
			return err
		}
	}
	for _, name := range old {
		if err := rm.Remove(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// writeMarker writes the marker m at path, then removes the empty
// temporary folder of a local run.
func writeMarker(ctx context.Context, fs filesystem.Interface, path string, m any, temp string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := filesystem.Write(ctx, fs, path, append(b, '\n')); err != nil {
		return fmt.Errorf("--output: %s: %w", path, err)
	}
	if !strings.Contains(temp, "://") {
		os.Remove(temp)
	}
	return nil
}

// RemoveTemp removes what a failed run left in its temporary location:
// the shards its bundles wrote.
func RemoveTemp(ctx context.Context, temp string) error {
	fs, err := filesystem.New(ctx, temp)
	if err != nil {
		return err
	}
	defer fs.Close()
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("%s: the file system cannot remove files", temp)
	}
	files, err := fs.List(ctx, temp+"/*")
	if err != nil {
		return err
	}
	for _, name := range files {
		if err := rm.Remove(ctx, name); err != nil {
			return err
		}
	}
	if !strings.Contains(temp, "://") {
		if err := os.Remove(temp); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// createTemp creates a new temporary shard file in temp, named ext.
func createTemp(ctx context.Context, temp, ext string) (string, io.WriteCloser, error) {
	b := make([]byte, 8)
	rand.Read(b)
	name := temp + "/" + hex.EncodeToString(b) + ext
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return "", nil, err
	}
	w, err := fs.OpenWrite(ctx, name)
	if err != nil {
		fs.Close()
		return "", nil, fmt.Errorf("--output: %s: %w", name, err)
	}
	return name, closeBoth{w, fs}, nil
}

// closeBoth closes a writer, then its file system.
type closeBoth struct {
	io.WriteCloser
	fs filesystem.Interface
}

func (c closeBoth) Close() error {
	err := c.WriteCloser.Close()
	c.fs.Close()
	return err
}

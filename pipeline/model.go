package pipeline

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/go-autoencoders/ae/nets"
)

// LoadNet reads the checkpoint at path, on any Beam file system (local,
// gs://, s3:// as registered), and rebuilds its autoencoder with
// nets.LoadBytes. Errors name the path.
func LoadNet(ctx context.Context, path string) (*nets.Autoencoder, error) {
	b, err := readAll(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("--checkpoint: %w", err)
	}
	a, err := nets.LoadBytes(b, path)
	if err != nil {
		return nil, fmt.Errorf("--checkpoint: %w", err)
	}
	return a, nil
}

// readAll reads the file at path on any Beam file system.
func readAll(ctx context.Context, path string) ([]byte, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer fs.Close()
	b, err := filesystem.Read(ctx, fs, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// checkWidth checks that row r fits a net whose samples hold size
// values; the error names the shard.
func checkWidth(r Row, size int) error {
	if len(r.X) != size {
		return fmt.Errorf("--input: %s: rows of %d values, the checkpoint's net takes %d", r.File, len(r.X), size)
	}
	return nil
}

package data

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// A Reader reads a file of size bytes from r, read from source (for
// error messages), into a set, taking labelColumn's values as labels as
// [ParseCSV] does. Readers of formats whose libraries the core should not
// compile register themselves with [RegisterReader], as image formats do
// with image.RegisterFormat: package data/parquet registers ".parquet".
type Reader func(r io.ReaderAt, size int64, source, labelColumn string) (*Set, error)

// readers are the registered readers, by lower-case file extension.
var readers = struct {
	sync.RWMutex
	byExt map[string]Reader
}{byExt: map[string]Reader{}}

// RegisterReader makes [Open] read files whose names end in ext (such as
// ".parquet", matched without regard to case) with r. It is meant to be
// called from the init function of the reader's package.
func RegisterReader(ext string, r Reader) {
	readers.Lock()
	defer readers.Unlock()
	readers.byExt[strings.ToLower(ext)] = r
}

// registered returns the reader of path's extension, if one is registered.
func registered(path string) (string, Reader) {
	readers.RLock()
	defer readers.RUnlock()
	lower := strings.ToLower(path)
	for ext, r := range readers.byExt {
		if strings.HasSuffix(lower, ext) {
			return ext, r
		}
	}
	return "", nil
}

// readRegistered reads path with the reader registered for its
// extension: its first opt.Limit rows if that is set.
func readRegistered(path string, r Reader, opt Options) (*Split, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fileError(path, err)
	}
	if err := opt.mem.take(mulSize(2, int(fi.Size())), fmt.Sprintf("%d bytes of %s", fi.Size(), path)); err != nil {
		return nil, fileError(path, err)
	}
	s, err := r(f, fi.Size(), path, opt.LabelColumn)
	if err != nil {
		return nil, fileError(path, err)
	}
	if err := opt.checkShape(s.Shape); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return &Split{Train: s.Head(opt.Limit)}, nil
}

package data

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Errors returned by the readers, possibly wrapped; test them with
// [errors.Is].
var (
	// ErrMagic reports a magic number that does not start an IDX file.
	ErrMagic = errors.New("idx: bad magic number")
	// ErrTruncated reports a file that ends before its header or data
	// does.
	ErrTruncated = errors.New("truncated file")
	// ErrCorrupt reports a compressed stream (gzip, zip) that cannot be
	// decompressed: bad header, bad data or bad checksum.
	ErrCorrupt = errors.New("corrupt compressed stream")
	// ErrTrailingData reports bytes after the end of the data that a
	// file's header declares.
	ErrTrailingData = errors.New("data after the end its header declares")
	// ErrUnknownKind reports a path that [Open] cannot tell the kind of.
	ErrUnknownKind = errors.New("unknown kind of data")
	// ErrSizeMismatch reports images of different sizes in one folder.
	ErrSizeMismatch = errors.New("images of different sizes")
	// ErrNoData reports a file or folder that holds no samples.
	ErrNoData = errors.New("no samples")
)

// A FileError records an error and the file it concerns.
type FileError struct {
	Path string
	Err  error
}

// Error returns "data: PATH: ERR".
func (e *FileError) Error() string {
	return "data: " + e.Path + ": " + strings.TrimPrefix(e.Err.Error(), "data: ")
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// fileError returns err as a *FileError naming path, unless it already is
// one. An *fs.PathError loses its copy of the path.
func fileError(path string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FileError
	var pe *ParseError
	if errors.As(err, &fe) || errors.As(err, &pe) {
		return err
	}
	var perr *fs.PathError
	if errors.As(err, &perr) && perr.Path == path {
		err = perr.Err
	}
	return &FileError{Path: path, Err: err}
}

// A ParseError records an error in a text file, at a line and column.
type ParseError struct {
	Path   string
	Line   int    // 1-based line number
	Column int    // 1-based field number; 0 when the error concerns the whole line
	Name   string // the column's name from the header, if known
	Err    error
}

// Error returns "data: PATH:LINE: column COLUMN (NAME): ERR".
func (e *ParseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "data: %s:%d: ", e.Path, e.Line)
	if e.Column > 0 {
		fmt.Fprintf(&b, "column %d", e.Column)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%q)", e.Name)
		}
		b.WriteString(": ")
	}
	b.WriteString(strings.TrimPrefix(e.Err.Error(), "data: "))
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

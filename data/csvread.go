package data

import (
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strings"
)

// csvShare is the part of the memory budget the text of a CSV file may
// take: its values as float32 take at most twice its bytes (a value is
// at least a digit and a separator).
const csvShare = 3

// readCSVText returns the text of the CSV file at path, decompressed if
// its name ends in ".gz": up to the end of its first opt.Limit rows if
// that is set, reading no further. Text beyond a third of the memory
// budget is an ErrTooLarge error.
func readCSVText(path string, opt Options) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fileError(path, streamError(err))
		}
		defer zr.Close()
		r = zr
	}
	limit := opt.mem.available() / csvShare
	b, err := readCSVPrefix(r, opt.Limit, limit)
	if err == nil {
		err = opt.mem.take(mulSize(csvShare, len(b)), fmt.Sprintf("%d bytes of CSV text", len(b)))
	}
	if err != nil {
		return nil, fileError(path, streamError(err))
	}
	return b, nil
}

// csvChunk is how much readCSVPrefix reads at a time.
const csvChunk = 1 << 16

// readCSVPrefix reads r to its end, or, if rows > 0, to the end of the
// header and rows rows, whichever comes first. More than maxBytes bytes is an
// ErrTooLarge error.
func readCSVPrefix(r io.Reader, rows int, maxBytes int64) ([]byte, error) {
	var b []byte
	var cut csvCutter
	for {
		b = slices.Grow(b, csvChunk)
		start := len(b)
		n, err := r.Read(b[start:cap(b)])
		b = b[:start+n]
		if rows > 0 {
			if end, ok := cut.scan(b[start:], rows+1); ok {
				return b[:start+end], nil
			}
		}
		if int64(len(b)) > maxBytes {
			return nil, fmt.Errorf("more than %s of CSV text: %w (a third of what the readers may use; see data.MemoryBudget)", FormatBytes(maxBytes), ErrTooLarge)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// The states of a csvCutter.
const (
	cutFieldStart = iota // at the start of a field, perhaps after spaces
	cutUnquoted          // in an unquoted field
	cutQuoted            // in a quoted field
	cutQuote             // just after a quote in a quoted field
)

// A csvCutter finds the ends of the records of CSV text, as ParseCSV cuts
// them: a quote opens a quoted field only at the start of a field (after
// spaces or tabs), and lines holding only spaces, tabs and carriage
// returns are not records.
type csvCutter struct {
	state    int
	nonBlank bool // the current line is a record
	records  int  // records ended so far
}

// scan reads the next bytes b of the text, and returns the offset in b
// just after the end of record want and true once it has seen it.
func (c *csvCutter) scan(b []byte, want int) (int, bool) {
	for i, ch := range b {
		switch c.state {
		case cutQuoted:
			if ch == '"' {
				c.state = cutQuote
			}
			continue
		case cutQuote:
			if ch == '"' { // "" is a quote
				c.state = cutQuoted
				continue
			}
			c.state = cutUnquoted
		}
		switch ch {
		case '\n':
			if c.nonBlank {
				c.records++
				if c.records == want {
					return i + 1, true
				}
			}
			c.state, c.nonBlank = cutFieldStart, false
		case ',':
			c.state, c.nonBlank = cutFieldStart, true
		case ' ', '\t':
		case '\r':
			if c.state == cutFieldStart {
				c.state = cutUnquoted
			}
		case '"':
			c.nonBlank = true
			if c.state == cutFieldStart {
				c.state = cutQuoted
			}
		default:
			c.state, c.nonBlank = cutUnquoted, true
		}
	}
	return 0, false
}

package data

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// CSV parsing errors, wrapped in a [*ParseError] naming line and column.
var (
	ErrFieldCount = errors.New("wrong number of fields")
	ErrBadValue   = errors.New("not a finite number")
	ErrQuote      = errors.New("bad quoting")
	ErrLabel      = errors.New("no such column")
)

// minChunk is the smallest part of a CSV file parsed by one goroutine.
const minChunk = 1 << 20

// readCSVFile reads the CSV file at path, gzipped if its name ends in
// ".gz": its first opt.Limit rows if that is set.
func readCSVFile(path string, opt Options) (*Split, error) {
	b, err := readCSVText(path, opt)
	if err != nil {
		return nil, err
	}
	s, err := ParseCSV(b, path, opt.LabelColumn)
	if err != nil {
		return nil, err
	}
	if err := opt.checkShape(s.Shape); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return &Split{Train: s.Head(opt.Limit)}, nil
}

// ParseCSV parses CSV text b, read from source (for error messages): a
// header row naming the columns, then one row per sample. Every column is
// a numeric feature except labelColumn, if not "", whose values, numbers
// or text, become the labels. Fields are separated by commas; a field may
// be quoted as RFC 4180 says ("a ""b"", c"); rows end in \n or \r\n;
// blank lines are skipped.
//
// An empty value, a value that is not a finite float32 number, a row with
// the wrong number of fields and an unknown labelColumn are
// [*ParseError] values naming the line and column; a file without rows
// is [ErrNoData]. Large inputs are parsed in parts on GOMAXPROCS
// goroutines.
func ParseCSV(b []byte, source, labelColumn string) (*Set, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &ParseError{Path: source, Line: 1, Err: fmt.Errorf("%w: empty file", ErrNoData)}
	}
	names, body, headerLines, err := csvHeader(b, source)
	if err != nil {
		return nil, err
	}
	p := &csvParser{source: source, names: names, label: -1}
	if labelColumn != "" {
		for i, n := range names {
			if n == labelColumn {
				p.label = i
				break
			}
		}
		if p.label < 0 {
			return nil, &ParseError{Path: source, Line: 1, Err: fmt.Errorf("%w %q; the columns are %s", ErrLabel, labelColumn, listNames(names))}
		}
	}
	p.features = len(names)
	if p.label >= 0 {
		p.features--
	}
	if p.features == 0 {
		return nil, &ParseError{Path: source, Line: 1, Err: fmt.Errorf("%w: no feature columns besides the label %q", ErrNoData, labelColumn)}
	}
	parts := p.parse(body, headerLines)
	s := &Set{Shape: []int{p.features}, Source: source}
	n := 0
	for _, r := range parts {
		if r.err != nil {
			return nil, r.err
		}
		n += r.rows
	}
	if n == 0 {
		return nil, &ParseError{Path: source, Line: headerLines + 1, Err: fmt.Errorf("%w: a header but no rows", ErrNoData)}
	}
	s.X = make([]float32, 0, n*p.features)
	if p.label >= 0 {
		s.Labels = make([]string, 0, n)
	}
	for _, r := range parts {
		s.X = append(s.X, r.x...)
		s.Labels = append(s.Labels, r.labels...)
	}
	return s, nil
}

// listNames quotes the column names, at most 20 of them.
func listNames(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == 20 {
			fmt.Fprintf(&b, ", ... (%d in all)", len(names))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}

// csvHeader parses the header row of b and returns the column names, the
// rest of b and the number of lines the header took.
func csvHeader(b []byte, source string) (names []string, body []byte, lines int, err error) {
	sc := csvScanner{b: b, line: 1}
	for {
		f, end, err := sc.field()
		if err != nil {
			return nil, nil, 0, &ParseError{Path: source, Line: sc.line, Column: len(names) + 1, Err: err}
		}
		names = append(names, string(sc.trim(f)))
		if end {
			break
		}
	}
	return names, b[sc.i:], sc.line - 1, nil
}

// A csvPart is what one goroutine parsed: the values and labels of its
// rows, or the first error.
type csvPart struct {
	x      []float32
	labels []string
	rows   int
	lines  int // lines the part spans
	err    *ParseError
}

// A csvParser parses the rows of a CSV file with a known header.
type csvParser struct {
	source   string
	names    []string
	label    int // the label column, or -1
	features int
}

// parse parses body, which starts after headerLines lines, in parts cut
// at line ends, in parallel. A body holding quotes, whose fields may span
// lines, is parsed in one part.
func (p *csvParser) parse(body []byte, headerLines int) []csvPart {
	var cuts [][]byte
	workers := runtime.GOMAXPROCS(0)
	size := max(minChunk, len(body)/(4*workers)+1)
	if bytes.IndexByte(body, '"') >= 0 {
		size = len(body) + 1
	}
	for len(body) > 0 {
		end := min(size, len(body))
		if end < len(body) {
			if i := bytes.IndexByte(body[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(body)
			}
		}
		cuts = append(cuts, body[:end])
		body = body[end:]
	}
	parts := make([]csvPart, len(cuts))
	if len(cuts) == 1 {
		parts[0] = p.parsePart(cuts[0])
	} else {
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(workers, len(cuts)) {
			wg.Go(func() {
				for i := range next {
					parts[i] = p.parsePart(cuts[i])
				}
			})
		}
		for i := range cuts {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	// Make the line numbers of errors absolute.
	line := headerLines
	for i := range parts {
		if parts[i].err != nil {
			parts[i].err.Line += line
		}
		line += parts[i].lines
	}
	return parts
}

// parsePart parses the rows of b, which ends at a line end or at the end
// of the file. Its error's line is relative to the start of b.
func (p *csvParser) parsePart(b []byte) csvPart {
	part := csvPart{x: make([]float32, 0, (bytes.Count(b, []byte{'\n'})+1)*p.features)}
	if p.label >= 0 {
		part.labels = make([]string, 0, cap(part.x)/p.features)
	}
	intern := make(map[string]string)
	sc := csvScanner{b: b, line: 1}
	for sc.i < len(b) {
		if sc.blankLine() {
			continue
		}
		start := sc.line
		col := 0
		for {
			fieldLine := sc.line
			f, end, err := sc.field()
			if err != nil {
				part.err = p.errorAt(sc.line, col, err)
				return part
			}
			if col >= len(p.names) {
				n := col + 1
				for !end && err == nil {
					_, end, err = sc.field()
					n++
				}
				part.err = p.errorAt(start, 0, fmt.Errorf("%w: %d fields, the header has %d", ErrFieldCount, n, len(p.names)))
				return part
			}
			if col == p.label {
				part.labels = append(part.labels, internLabel(intern, sc.trim(f)))
			} else {
				v, err := parseValue(f)
				if err != nil {
					part.err = p.errorAt(fieldLine, col, err)
					return part
				}
				part.x = append(part.x, v)
			}
			col++
			if end {
				break
			}
		}
		if col != len(p.names) {
			part.err = p.errorAt(start, 0, fmt.Errorf("%w: %d fields, the header has %d", ErrFieldCount, col, len(p.names)))
			return part
		}
		part.rows++
	}
	part.lines = sc.line - 1
	return part
}

// errorAt returns a ParseError at line and 0-based column col; an
// ErrFieldCount error concerns the whole line and names no column.
func (p *csvParser) errorAt(line, col int, err error) *ParseError {
	e := &ParseError{Path: p.source, Line: line, Err: err}
	if !errors.Is(err, ErrFieldCount) {
		e.Column = col + 1
		if col < len(p.names) {
			e.Name = p.names[col]
		}
	}
	return e
}

// internLabel returns f as a string, the same string for equal labels
// while there are few distinct ones.
func internLabel(m map[string]string, f []byte) string {
	if s, ok := m[string(f)]; ok {
		return s
	}
	s := string(f)
	if len(m) < 1<<12 {
		m[s] = s
	}
	return s
}

// A csvScanner cuts CSV text into fields.
type csvScanner struct {
	b         []byte
	i         int // the next byte
	line      int // the line of b[i]
	buf       []byte
	wasQuoted bool // the last field was quoted
}

// trim returns the last field f without the spaces around it, unless it
// was quoted: RFC 4180 keeps a quoted field's spaces.
func (sc *csvScanner) trim(f []byte) []byte {
	if sc.wasQuoted {
		return f
	}
	return bytes.TrimSpace(f)
}

// blankLine skips a line holding only spaces and reports whether it did.
func (sc *csvScanner) blankLine() bool {
	j := sc.i
	for j < len(sc.b) && (sc.b[j] == ' ' || sc.b[j] == '\t' || sc.b[j] == '\r') {
		j++
	}
	if j < len(sc.b) && sc.b[j] != '\n' {
		return false
	}
	if j < len(sc.b) {
		j++
		sc.line++
	}
	sc.i = j
	return true
}

// field returns the next field and whether it ends its row (at a line end
// or the end of the text). A quoted field's content is returned unquoted,
// in a buffer reused by the next call.
func (sc *csvScanner) field() (f []byte, end bool, err error) {
	b, i := sc.b, sc.i
	sc.wasQuoted = false
	// Skip spaces before a quote.
	j := i
	for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
		j++
	}
	if j < len(b) && b[j] == '"' {
		return sc.quoted(j + 1)
	}
	for j = i; j < len(b) && b[j] != ',' && b[j] != '\n'; j++ {
	}
	f = b[i:j]
	if j == len(b) {
		sc.i = j
		return trimCR(f), true, nil
	}
	sc.i = j + 1
	if b[j] == '\n' {
		sc.line++
		return trimCR(f), true, nil
	}
	return f, false, nil
}

// quoted reads a quoted field whose content starts at b[i].
func (sc *csvScanner) quoted(i int) (f []byte, end bool, err error) {
	b := sc.b
	sc.buf = sc.buf[:0]
	sc.wasQuoted = true
	start := sc.line
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			sc.line = start
			return nil, false, fmt.Errorf("%w: quoted field not closed", ErrQuote)
		}
		sc.line += bytes.Count(b[i:i+j], []byte{'\n'})
		sc.buf = append(sc.buf, b[i:i+j]...)
		i += j + 1
		if i < len(b) && b[i] == '"' { // "" is a quote
			sc.buf = append(sc.buf, '"')
			i++
			continue
		}
		break
	}
	// Spaces may follow the closing quote, then a separator.
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	switch {
	case i == len(b):
		sc.i = i
		return sc.buf, true, nil
	case b[i] == ',':
		sc.i = i + 1
		return sc.buf, false, nil
	case b[i] == '\n':
		sc.i = i + 1
		sc.line++
		return sc.buf, true, nil
	}
	return nil, false, fmt.Errorf("%w: %q after a quoted field", ErrQuote, b[i])
}

// trimCR removes the carriage return of a \r\n line end.
func trimCR(f []byte) []byte {
	if n := len(f); n > 0 && f[n-1] == '\r' {
		return f[:n-1]
	}
	return f
}

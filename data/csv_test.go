package data

import (
	"compress/gzip"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		label  string
		x      []float32
		labels []string
	}{
		{name: "numbers", in: "a,b\n1,2\n3.5,-4e-1\n", x: []float32{1, 2, 3.5, -0.4}},
		{name: "no final newline", in: "a,b\n1,2\n3,4", x: []float32{1, 2, 3, 4}},
		{name: "crlf", in: "a,b\r\n1,2\r\n3,4\r\n", x: []float32{1, 2, 3, 4}},
		{name: "blank lines", in: "a,b\n\n1,2\n  \n3,4\n\n", x: []float32{1, 2, 3, 4}},
		{name: "spaces", in: "a, b\n 1 , 2\t\n", x: []float32{1, 2}},
		{name: "bom", in: "\xef\xbb\xbfa,b\n1,2\n", x: []float32{1, 2}},
		{name: "one column", in: "a\n1\n2\n", x: []float32{1, 2}},
		{name: "forms", in: "a,b,c,d,e,f\n+1,.5,5.,1E3,0.1,-0\n", x: []float32{1, 0.5, 5, 1000, 0.1, float32(math.Copysign(0, -1))}},
		{name: "label last", in: "a,b,y\n1,2,cat\n3,4,dog\n", label: "y", x: []float32{1, 2, 3, 4}, labels: []string{"cat", "dog"}},
		{name: "numeric label first", in: "y,a\n7,1\n3,2\n", label: "y", x: []float32{1, 2}, labels: []string{"7", "3"}},
		{name: "quoted label", in: "a,y\n1,\"big, \"\"red\"\" dog\"\n2,\"x\"\n", label: "y", x: []float32{1, 2}, labels: []string{`big, "red" dog`, "x"}},
		{name: "quoted label over lines", in: "a,y\n1,\"two\nlines\"\n2,b\n", label: "y", x: []float32{1, 2}, labels: []string{"two\nlines", "b"}},
		{name: "quoted number", in: "a,\"b\"\n\"1.5\",2\n", x: []float32{1.5, 2}},
		{name: "quoted header", in: "\"a,b\",c\n1,2\n", label: "a,b", x: []float32{2}, labels: []string{"1"}},
		{name: "label with spaces trimmed", in: "a,y\n1, cat \n", label: "y", x: []float32{1}, labels: []string{"cat"}},
		// Issue 23: RFC 4180 keeps the spaces of a quoted field.
		{name: "quoted label keeps spaces", in: "a,y\n1,\"  sp  \"\n2, \"\tt \" \n", label: "y", x: []float32{1, 2}, labels: []string{"  sp  ", "\tt "}},
		{name: "quoted header keeps spaces", in: "a,\" y \"\n1,cat\n", label: " y ", x: []float32{1}, labels: []string{"cat"}},
		{name: "quoted number with spaces", in: "a\n\" 1.5 \"\n", x: []float32{1.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseCSV([]byte(tt.in), "t.csv", tt.label)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.X, tt.x) || math.Signbit(float64(s.X[len(s.X)-1])) != math.Signbit(float64(tt.x[len(tt.x)-1])) {
				t.Errorf("X = %v, want %v", s.X, tt.x)
			}
			if !reflect.DeepEqual(s.Labels, tt.labels) {
				t.Errorf("Labels = %q, want %q", s.Labels, tt.labels)
			}
			if want := len(tt.x) / s.Len(); len(s.Shape) != 1 || s.Shape[0] != want {
				t.Errorf("Shape = %v, want [%d]", s.Shape, want)
			}
			if s.Source != "t.csv" || s.Uint8 {
				t.Errorf("Source, Uint8 = %q, %v", s.Source, s.Uint8)
			}
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		label  string
		err    error
		line   int
		column int
		text   string // in the message
	}{
		{name: "empty file", in: "", err: ErrNoData, line: 1},
		{name: "only spaces", in: " \n\n", err: ErrNoData, line: 1},
		{name: "header only", in: "a,b\n", err: ErrNoData, line: 2},
		{name: "header and blank lines", in: "a,b\n\n\n", err: ErrNoData, line: 2},
		{name: "not a number", in: "a,b\n1,2\n3,x4\n", err: ErrBadValue, line: 3, column: 2, text: `column 2 ("b"): not a finite number: "x4"`},
		{name: "empty value", in: "a,b\n1,\n", err: ErrBadValue, line: 2, column: 2, text: "missing values"},
		{name: "NaN", in: "a,b\n1,NaN\n", err: ErrBadValue, line: 2, column: 2},
		{name: "nan lower", in: "a,b\nnan,1\n", err: ErrBadValue, line: 2, column: 1},
		{name: "Inf", in: "a,b\n1,2\n-Inf,2\n", err: ErrBadValue, line: 3, column: 1},
		{name: "infinity", in: "a\n+infinity\n", err: ErrBadValue, line: 2, column: 1},
		{name: "float32 overflow", in: "a\n1e39\n", err: ErrBadValue, line: 2, column: 1, text: "out of the float32 range"},
		{name: "hex", in: "a\n0x10\n", err: ErrBadValue, line: 2, column: 1},
		{name: "short row", in: "a,b,c\n1,2,3\n4,5\n", err: ErrFieldCount, line: 3, text: "2 fields, the header has 3"},
		{name: "long row", in: "a,b\n1,2\n4,5,6,7\n", err: ErrFieldCount, line: 3, text: "4 fields, the header has 2"},
		{name: "unknown label", in: "a,b\n1,2\n", label: "y", err: ErrLabel, line: 1, text: `no such column "y"; the columns are "a", "b"`},
		{name: "label only", in: "y\n1\n", label: "y", err: ErrNoData, line: 1},
		{name: "open quote", in: "a,y\n1,\"abc\n2,d\n", label: "y", err: ErrQuote, line: 2, column: 2},
		{name: "text after quote", in: "a,y\n1,\"abc\"d\n", label: "y", err: ErrQuote, line: 2, column: 2},
		{name: "error after quoted lines", in: "a,y\n1,\"x\ny\"\n2,z\nq,w\n", label: "y", err: ErrBadValue, line: 5, column: 1},
		{name: "error after crlf and blank", in: "a\r\n1\r\n\r\n2\r\nbad\r\n", err: ErrBadValue, line: 5, column: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCSV([]byte(tt.in), "t.csv", tt.label)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %#v is not a *ParseError", err)
			}
			if pe.Path != "t.csv" || pe.Line != tt.line || pe.Column != tt.column {
				t.Errorf("error at %s:%d column %d, want t.csv:%d column %d (%v)", pe.Path, pe.Line, pe.Column, tt.line, tt.column, err)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("data: t.csv:%d: ", tt.line)) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q, want \"data: t.csv:%d: ...%s...\"", err, tt.line, tt.text)
			}
		})
	}
}

// TestParseCSVParallel parses a file large enough to be cut in parts and
// checks the values, the labels and the line of an error in a late part.
func TestParseCSVParallel(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var b strings.Builder
	b.WriteString("id,x,y,class\n")
	const rows = 150000
	for i := range rows {
		fmt.Fprintf(&b, "%d,%g,%.9f,c%d\n", i, float32(i)/7, float32(i)*1.000001, i%3)
		if i%1000 == 0 {
			b.WriteString("\n") // blank lines shift line numbers
		}
	}
	in := b.String()
	if len(in) < 3*minChunk {
		t.Fatalf("test input of %d bytes is too small to be cut in parts", len(in))
	}
	s, err := ParseCSV([]byte(in), "big.csv", "class")
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != rows || s.Size() != 3 || len(s.Labels) != rows {
		t.Fatalf("Len, Size, labels = %d, %d, %d", s.Len(), s.Size(), len(s.Labels))
	}
	for i := range rows {
		want1, _ := strconv.ParseFloat(fmt.Sprintf("%g", float32(i)/7), 32)
		want2, _ := strconv.ParseFloat(fmt.Sprintf("%.9f", float32(i)*1.000001), 32)
		row := s.X[3*i : 3*i+3]
		if row[0] != float32(i) || row[1] != float32(want1) || row[2] != float32(want2) || s.Labels[i] != fmt.Sprintf("c%d", i%3) {
			t.Fatalf("row %d = %v %q, want [%d %v %v] c%d", i, row, s.Labels[i], i, want1, want2, i%3)
		}
	}

	// An error in row 120000: line 1 (header) + 120000 rows + 121 blank
	// lines before it.
	bad := strings.Replace(in, "\n120000,", "\n120000x,", 1)
	_, err = ParseCSV([]byte(bad), "big.csv", "class")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 1+120000+121 || pe.Column != 1 {
		t.Fatalf("error %v, want one at line %d column 1", err, 1+120000+121)
	}
}

func TestReadCSVFile(t *testing.T) {
	dir := t.TempDir()
	content := "a,b,label\n1,2,x\n3,4,y\n"
	plain := filepath.Join(dir, "d.csv")
	write(t, plain, []byte(content))
	gz := filepath.Join(dir, "d.CSV.gz")
	f, err := os.Create(gz)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(content))
	zw.Close()
	f.Close()
	for _, p := range []string{plain, gz} {
		split, err := Open(p, Options{LabelColumn: "label"})
		if err != nil {
			t.Fatal(err)
		}
		s := split.Train
		if split.Test != nil || !reflect.DeepEqual(s.X, []float32{1, 2, 3, 4}) || !reflect.DeepEqual(s.Labels, []string{"x", "y"}) || s.Source != p {
			t.Errorf("Open(%s) = %+v", p, s)
		}
	}
	// A damaged gzip file is corrupt, and named.
	b := gzipBytes(t, []byte(content))
	b[len(b)-5] ^= 0xff
	bad := filepath.Join(dir, "bad.csv.gz")
	write(t, bad, b)
	if _, err := Open(bad, Options{}); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), bad) {
		t.Errorf("damaged gzip: error %v, want ErrCorrupt naming %s", err, bad)
	}
}

// TestParseValue checks the fast path against strconv.ParseFloat.
func TestParseValue(t *testing.T) {
	for _, s := range []string{
		"0", "1", "-1", "+1", "255", "0.1", "0.2", "0.3", "1.5", "-3.25", "9999999", "0.0000001", "1234567",
		"12345678", "0.12345678", "1.0000001", "3.4028235e38", "1e-45", "-0.0", "16777217", "0.1000000001",
		".5", "5.", "007", "1_0", "1.5e-3", "2E+10", "1e22", "1e23", "1e-38", "1e-39", "3.4028236e38", "12345.678901",
		"-99.999999", "-12.345678901234567", "0.12345678901234567890123", "99999999999999999999", "1.00000005960464477539",
		"16777217.0000000000001", "3.40282356779733661637e38", "123456789012345", "1234567890123456", "0.3e", "1e+", "1e1000", "4.9e-324", "e5", "-.e1",
	} {
		got, err := parseValue([]byte(s))
		want, werr := strconv.ParseFloat(s, 32)
		if (err != nil) != (werr != nil) {
			t.Errorf("parseValue(%q) error %v, strconv %v", s, err, werr)
			continue
		}
		if err == nil && (got != float32(want) || math.Signbit(float64(got)) != math.Signbit(want)) {
			t.Errorf("parseValue(%q) = %v, strconv says %v", s, got, float32(want))
		}
	}
}

// TestParseCSVAllocs checks that numbers are parsed without allocating:
// a whole parse allocates a fixed few buffers, whatever the rows.
func TestParseCSVAllocs(t *testing.T) {
	in := []byte("a,b,c\n" + strings.Repeat("0.123456789,12345.678901,-1e-7\n", 2000))
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := ParseCSV(in, "t.csv", ""); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 30 {
		t.Errorf("ParseCSV of 2000 rows made %v allocations, want a few", allocs)
	}
}

// BenchmarkParseCSV parses 20,000 rows of 50 float columns as
// numpy.savetxt("%.6f") or pandas write them, and a label.
func BenchmarkParseCSV(b *testing.B) {
	in := benchCSV(20000, 50)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCSV(in, "bench.csv", "label"); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCSV returns a CSV file of rows of cols numbers and a label.
func benchCSV(rows, cols int) []byte {
	var buf []byte
	for j := range cols {
		buf = fmt.Appendf(buf, "f%d,", j)
	}
	buf = append(buf, "label\n"...)
	x := uint32(1)
	for i := range rows {
		for range cols {
			x = x*1664525 + 1013904223
			buf = strconv.AppendFloat(buf, float64(x>>8)/(1<<24)*200-100, 'f', 6, 64)
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, int64(i%10), 10)
		buf = append(buf, '\n')
	}
	return buf
}

// TestParseSimpleRandom compares the fast number parser with strconv on
// random decimals of 1 to 25 digits, with and without exponents, and on
// the shortest and long forms of random float32 and float64 values.
func TestParseSimpleRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for i := range 200000 {
		var s string
		switch i % 4 {
		case 0:
			s = strconv.FormatFloat(float64(math.Float32frombits(r.Uint32())), 'g', -1, 32)
		case 1:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(20)-10)), 'f', r.IntN(20), 64)
		case 2:
			s = strconv.FormatFloat(r.Float64()*1000, 'e', r.IntN(20), 64)
		default:
			digits := make([]byte, 1+r.IntN(25))
			for k := range digits {
				digits[k] = byte('0' + r.IntN(10))
			}
			dot := r.IntN(len(digits) + 1)
			s = string(digits[:dot]) + "." + string(digits[dot:])
		}
		got, ok := parseSimple([]byte(s))
		if !ok {
			continue
		}
		fast++
		want, err := strconv.ParseFloat(s, 32)
		if err != nil || got != float32(want) {
			t.Fatalf("parseSimple(%q) = %v, strconv %v, %v", s, got, float32(want), err)
		}
	}
	t.Logf("%d of 200000 took the fast path", fast)
}

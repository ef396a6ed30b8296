package parquet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	arrowarray "github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/go-autoencoders/ae/data"
)

// Parquet errors, wrapped in a [*data.FileError] naming the file.
var (
	// ErrColumnType reports a feature column that is not numeric.
	ErrColumnType = errors.New("not a numeric column")
	// ErrNull reports a null (missing) value.
	ErrNull = errors.New("a null value")
)

// Read reads a Parquet file of size bytes from r, read from source
// (for error messages), with the column rules of [data.ParseCSV]: every column
// is a numeric feature (integers or floating point of any width) except
// labelColumn, if not "", whose values, numbers or text, become the
// labels. A feature column of another type is [ErrColumnType], a null
// value [ErrNull], a value that is not a finite float32 number
// [data.ErrBadValue], an unknown labelColumn [data.ErrLabel], a file without rows
// [data.ErrNoData]; each is a [*data.FileError] naming source and the column. The
// file is read with Apache Arrow's Go Parquet module.
func Read(r io.ReaderAt, size int64, source, labelColumn string) (s *data.Set, err error) {
	fail := func(err error) (*data.Set, error) { return nil, &data.FileError{Path: source, Err: err} }
	// arrow-go may panic on a malformed file; that is bad input, not a
	// crash.
	defer func() {
		if p := recover(); p != nil {
			s, err = fail(fmt.Errorf("not a readable Parquet file: %v", p))
		}
	}()
	pf, err := file.NewParquetReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return fail(fmt.Errorf("not a readable Parquet file: %w", err))
	}
	defer pf.Close()
	// the values as arrow holds them (8 bytes at most) and as a set does
	rows, cols := pf.NumRows(), pf.MetaData().Schema.NumColumns()
	if rows < 0 || float64(rows)*float64(cols)*12 > float64(data.MemoryBudget()) {
		return fail(fmt.Errorf("%d rows of %d columns: %w (more than data.MemoryBudget, %s)", rows, cols, data.ErrTooLarge, data.FormatBytes(data.MemoryBudget())))
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, memory.DefaultAllocator)
	if err != nil {
		return fail(fmt.Errorf("not a readable Parquet file: %w", err))
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return fail(fmt.Errorf("reading the Parquet data: %w", err))
	}
	defer tbl.Release()
	s, err = parquetSet(tbl, labelColumn)
	if err != nil {
		return fail(err)
	}
	s.Source = source
	return s, nil
}

// parquetSet turns a table into a set: features row after row, labels
// from labelColumn.
func parquetSet(tbl arrow.Table, labelColumn string) (*data.Set, error) {
	fields := tbl.Schema().Fields()
	names := make([]string, len(fields))
	label := -1
	for i, f := range fields {
		names[i] = f.Name
		if labelColumn != "" && f.Name == labelColumn && label < 0 {
			label = i
		}
	}
	if labelColumn != "" && label < 0 {
		return nil, fmt.Errorf("%w %q; the columns are %s", data.ErrLabel, labelColumn, listNames(names))
	}
	features := len(fields)
	if label >= 0 {
		features--
	}
	if features == 0 {
		return nil, fmt.Errorf("%w: no feature columns besides the label %q", data.ErrNoData, labelColumn)
	}
	n := int(tbl.NumRows())
	if n == 0 {
		return nil, fmt.Errorf("%w: a schema but no rows", data.ErrNoData)
	}
	s := &data.Set{X: make([]float32, n*features), Shape: []int{features}}
	j := 0
	for i, f := range fields {
		col := tbl.Column(i).Data().Chunks()
		if i == label {
			l, err := parquetLabels(col, f)
			if err != nil {
				return nil, err
			}
			s.Labels = l
			continue
		}
		if err := parquetFeature(col, f, s.X, j, features); err != nil {
			return nil, err
		}
		j++
	}
	return s, nil
}

// parquetFeature writes the values of a numeric column into x, at
// column j of rows of stride values.
func parquetFeature(chunks []arrow.Array, f arrow.Field, x []float32, j, stride int) error {
	row := 0
	for _, c := range chunks {
		get, ok := numericGetter(c)
		if !ok {
			return fmt.Errorf("column %q is %s: %w (give it as the label column, or leave it out of the file)", f.Name, f.Type, ErrColumnType)
		}
		for k := range c.Len() {
			if c.IsNull(k) {
				return fmt.Errorf("column %q, row %d: %w", f.Name, row+1, ErrNull)
			}
			v := float32(get(k))
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("column %q, row %d: %v is %w", f.Name, row+1, get(k), data.ErrBadValue)
			}
			x[row*stride+j] = v
			row++
		}
	}
	return nil
}

// numericGetter returns a function reading value k of a numeric array
// as float64, and false for an array of another type.
func numericGetter(c arrow.Array) (func(k int) float64, bool) {
	switch a := c.(type) {
	case *arrowarray.Float32:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Float64:
		return a.Value, true
	case *arrowarray.Int8:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Int16:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Int32:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Int64:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Uint8:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Uint16:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Uint32:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	case *arrowarray.Uint64:
		return func(k int) float64 { return float64(a.Value(k)) }, true
	}
	return nil, false
}

// parquetLabels reads the label column: text as it is, numbers as
// strconv formats them.
func parquetLabels(chunks []arrow.Array, f arrow.Field) ([]string, error) {
	var labels []string
	for _, c := range chunks {
		for k := range c.Len() {
			if c.IsNull(k) {
				return nil, fmt.Errorf("label column %q, row %d: %w", f.Name, len(labels)+1, ErrNull)
			}
			switch a := c.(type) {
			case *arrowarray.String:
				labels = append(labels, a.Value(k))
			case *arrowarray.LargeString:
				labels = append(labels, a.Value(k))
			case *arrowarray.Boolean:
				labels = append(labels, strconv.FormatBool(a.Value(k)))
			default:
				get, ok := numericGetter(c)
				if !ok {
					return nil, fmt.Errorf("label column %q is %s: %w nor text", f.Name, f.Type, ErrColumnType)
				}
				labels = append(labels, strconv.FormatFloat(get(k), 'g', -1, 64))
			}
		}
	}
	return labels, nil
}

// listNames quotes the column names, at most 20 of them.
func listNames(names []string) string {
	q := make([]string, 0, min(len(names), 20))
	for _, n := range names[:min(len(names), 20)] {
		q = append(q, fmt.Sprintf("%q", n))
	}
	if len(names) > 20 {
		q = append(q, fmt.Sprintf("... (%d in all)", len(names)))
	}
	return strings.Join(q, ", ")
}

func init() { data.RegisterReader(".parquet", Read) }

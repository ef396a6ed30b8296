package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// WriteScores writes Scored values as sharded CSV (file,row,score,anomaly;
// with keys file,row,key,score,anomaly) or Parquet with the same
// columns, then the marker.
func WriteScores(s beam.Scope, scored beam.PCollection, k Sink, keys bool) {
	s = s.Scope("WriteScores")
	finalize(s, beam.ParDo(s, &writeScoresFn{Sink: k, Keys: keys}, scored), k)
}

// WriteCodes writes Encoded values as sharded CSV (file,row,code0,...)
// or Parquet (codes in one column per unit, or one list column), then
// the marker.
func WriteCodes(s beam.Scope, codes beam.PCollection, k Sink) {
	s = s.Scope("WriteCodes")
	finalize(s, beam.ParDo(s, &writeCodesFn{Sink: k}, codes), k)
}

// table is a shard being written: CSV lines or Parquet row groups.
type table struct {
	temp string
	w    io.WriteCloser
	csv  *bufio.Writer
	line []byte
	rb   *array.RecordBuilder
	pq   *pqarrow.FileWriter
	rows int64
}

// rowGroup is the number of rows of a Parquet row group.
const rowGroup = 1 << 16

// newTable creates a temporary shard with the given columns.
func newTable(ctx context.Context, k Sink, fields []arrow.Field) (*table, error) {
	name, w, err := createTemp(ctx, k.Temp, k.ext())
	if err != nil {
		return nil, err
	}
	t := &table{temp: name, w: w}
	if k.Format != Parquet {
		t.csv = bufio.NewWriterSize(w, 1<<20)
		names := make([]string, len(fields))
		for i, f := range fields {
			names[i] = f.Name
		}
		_, err := t.csv.WriteString(strings.Join(names, ",") + "\n")
		return t, err
	}
	schema := arrow.NewSchema(fields, nil)
	t.pq, err = pqarrow.NewFileWriter(schema, w, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("--output: %s: %w", name, err)
	}
	t.rb = array.NewRecordBuilder(memory.DefaultAllocator, schema)
	return t, nil
}

// endRow ends a row: the CSV line in t.line, or the Parquet row in t.rb.
func (t *table) endRow() error {
	t.rows++
	if t.csv != nil {
		t.line = append(t.line, '\n')
		_, err := t.csv.Write(t.line)
		t.line = t.line[:0]
		return err
	}
	if t.rb.Field(0).Len() >= rowGroup {
		return t.flush()
	}
	return nil
}

// flush writes the buffered Parquet rows as a row group.
func (t *table) flush() error {
	if t.rb.Field(0).Len() == 0 {
		return nil
	}
	rec := t.rb.NewRecordBatch()
	defer rec.Release()
	return t.pq.Write(rec)
}

// close finishes the shard and returns what it holds.
func (t *table) close() (shardInfo, error) {
	var err error
	if t.csv != nil {
		err = t.csv.Flush()
		if cerr := t.w.Close(); err == nil {
			err = cerr
		}
	} else {
		err = t.flush()
		if cerr := t.pq.Close(); err == nil {
			err = cerr
		}
		t.rb.Release()
	}
	if err != nil {
		return shardInfo{}, fmt.Errorf("--output: %s: %w", t.temp, err)
	}
	return shardInfo{Temp: t.temp, Rows: t.rows}, nil
}

// csvText quotes a field that needs it.
func csvText(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// writeScoresFn writes the scores of a bundle into one shard.
type writeScoresFn struct {
	Sink Sink
	Keys bool
	t    *table
}

func (f *writeScoresFn) StartBundle(_ context.Context, _ func(shardInfo)) { f.t = nil }

func (f *writeScoresFn) ProcessElement(ctx context.Context, v Scored, _ func(shardInfo)) error {
	if f.t == nil {
		fields := []arrow.Field{{Name: "file", Type: arrow.BinaryTypes.String}, {Name: "row", Type: arrow.PrimitiveTypes.Int64}}
		if f.Keys {
			fields = append(fields, arrow.Field{Name: "key", Type: arrow.BinaryTypes.String})
		}
		fields = append(fields, arrow.Field{Name: "score", Type: arrow.PrimitiveTypes.Float64}, arrow.Field{Name: "anomaly", Type: arrow.FixedWidthTypes.Boolean})
		t, err := newTable(ctx, f.Sink, fields)
		if err != nil {
			return err
		}
		f.t = t
	}
	t := f.t
	if t.csv != nil {
		t.line = append(t.line, csvText(v.File)...)
		t.line = append(strconv.AppendInt(append(t.line, ','), v.Row, 10), ',')
		if f.Keys {
			t.line = append(append(t.line, csvText(v.Key)...), ',')
		}
		t.line = strconv.AppendFloat(t.line, v.Score, 'g', -1, 64)
		t.line = strconv.AppendBool(append(t.line, ','), v.Anomaly)
		return t.endRow()
	}
	i := 0
	t.rb.Field(i).(*array.StringBuilder).Append(v.File)
	t.rb.Field(i + 1).(*array.Int64Builder).Append(v.Row)
	if i = 2; f.Keys {
		t.rb.Field(i).(*array.StringBuilder).Append(v.Key)
		i++
	}
	t.rb.Field(i).(*array.Float64Builder).Append(v.Score)
	t.rb.Field(i + 1).(*array.BooleanBuilder).Append(v.Anomaly)
	return t.endRow()
}

func (f *writeScoresFn) FinishBundle(_ context.Context, emit func(shardInfo)) error {
	if f.t == nil {
		return nil
	}
	info, err := f.t.close()
	f.t = nil
	if err == nil {
		emit(info)
	}
	return err
}

// writeCodesFn writes the codes of a bundle into one shard.
type writeCodesFn struct {
	Sink Sink
	t    *table
	k    int
}

func (f *writeCodesFn) StartBundle(_ context.Context, _ func(shardInfo)) { f.t = nil }

// fields returns the columns of codes of k units.
func (f *writeCodesFn) fields(k int) []arrow.Field {
	fields := []arrow.Field{{Name: "file", Type: arrow.BinaryTypes.String}, {Name: "row", Type: arrow.PrimitiveTypes.Int64}}
	if f.Sink.CodeList && f.Sink.Format == Parquet {
		return append(fields, arrow.Field{Name: "code", Type: arrow.ListOf(arrow.PrimitiveTypes.Float32)})
	}
	for j := range k {
		fields = append(fields, arrow.Field{Name: "code" + strconv.Itoa(j), Type: arrow.PrimitiveTypes.Float32})
	}
	return fields
}

func (f *writeCodesFn) ProcessElement(ctx context.Context, v Encoded, _ func(shardInfo)) error {
	if f.t == nil {
		t, err := newTable(ctx, f.Sink, f.fields(len(v.Code)))
		if err != nil {
			return err
		}
		f.t, f.k = t, len(v.Code)
	}
	t := f.t
	if len(v.Code) != f.k {
		return fmt.Errorf("pipeline: %s row %d: a code of %d units among codes of %d", v.File, v.Row, len(v.Code), f.k)
	}
	if t.csv != nil {
		t.line = append(t.line, csvText(v.File)...)
		t.line = strconv.AppendInt(append(t.line, ','), v.Row, 10)
		for _, c := range v.Code {
			t.line = strconv.AppendFloat(append(t.line, ','), float64(c), 'g', -1, 32)
		}
		return t.endRow()
	}
	t.rb.Field(0).(*array.StringBuilder).Append(v.File)
	t.rb.Field(1).(*array.Int64Builder).Append(v.Row)
	if lb, ok := t.rb.Field(2).(*array.ListBuilder); ok {
		lb.Append(true)
		lb.ValueBuilder().(*array.Float32Builder).AppendValues(v.Code, nil)
	} else {
		for j, c := range v.Code {
			t.rb.Field(2 + j).(*array.Float32Builder).Append(c)
		}
	}
	return t.endRow()
}

func (f *writeCodesFn) FinishBundle(_ context.Context, emit func(shardInfo)) error {
	if f.t == nil {
		return nil
	}
	info, err := f.t.close()
	f.t = nil
	if err == nil {
		emit(info)
	}
	return err
}

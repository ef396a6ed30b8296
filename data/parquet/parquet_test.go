package parquet_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	arrowparquet "github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/data/parquet"
)

// parquetColumn is one column of a test file: its type and a function
// appending row i's value (or a null) to its builder.
type parquetColumn struct {
	name string
	typ  arrow.DataType
	add  func(b array.Builder, i int)
}

// writeParquet writes rows rows of cols into dir/name with arrow-go, in
// row groups of 4 rows, so that columns come back in several chunks.
func writeParquet(t testing.TB, dir, name string, rows int, cols ...parquetColumn) string {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer rb.Release()
	for i := range rows {
		for j, c := range cols {
			c.add(rb.Field(j), i)
		}
	}
	rec := rb.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pqarrow.WriteTable(tbl, f, 4, arrowparquet.NewWriterProperties(), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	return path
}

func f64(name string, v func(i int) float64) parquetColumn {
	return parquetColumn{name, arrow.PrimitiveTypes.Float64, func(b array.Builder, i int) { b.(*array.Float64Builder).Append(v(i)) }}
}

func i32(name string, v func(i int) int32) parquetColumn {
	return parquetColumn{name, arrow.PrimitiveTypes.Int32, func(b array.Builder, i int) { b.(*array.Int32Builder).Append(v(i)) }}
}

func f32(name string, v func(i int) float32) parquetColumn {
	return parquetColumn{name, arrow.PrimitiveTypes.Float32, func(b array.Builder, i int) { b.(*array.Float32Builder).Append(v(i)) }}
}

func text(name string, v func(i int) string) parquetColumn {
	return parquetColumn{name, arrow.BinaryTypes.String, func(b array.Builder, i int) { b.(*array.StringBuilder).Append(v(i)) }}
}

// TestParquetRoundTrip: a Parquet file written by arrow-go reads as the
// CSV file of the same rows does, values and labels, over several row
// groups and column types.
func TestParquetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	const rows = 11
	a := func(i int) float64 { return float64(i)/7 - 0.25 }
	b := func(i int) int32 { return int32(i*i - 20) }
	c := func(i int) float32 { return float32(i) * 1.5e-3 }
	kind := func(i int) string { return fmt.Sprintf("k%d", i%3) }
	pq := writeParquet(t, dir, "x.parquet", rows, f64("a", a), i32("b", b), text("kind", kind), f32("c", c))
	var csv strings.Builder
	csv.WriteString("a,b,kind,c\n")
	for i := range rows {
		fmt.Fprintf(&csv, "%v,%d,%s,%v\n", float32(a(i)), b(i), kind(i), c(i))
	}
	csvPath := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(csvPath, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{"", "kind"} {
		if label == "" {
			// without a label column the text column is a bad feature
			if _, err := data.Open(pq, data.Options{}); !errors.Is(err, parquet.ErrColumnType) || !strings.Contains(err.Error(), pq) || !strings.Contains(err.Error(), `"kind"`) {
				t.Errorf("no label column: %v; want ErrColumnType naming the file and column kind", err)
			}
			continue
		}
		got, err := data.Open(pq, data.Options{LabelColumn: label})
		if err != nil {
			t.Fatal(err)
		}
		want, err := data.Open(csvPath, data.Options{LabelColumn: label})
		if err != nil {
			t.Fatal(err)
		}
		g, w := got.Train, want.Train
		if !slices.Equal(g.Shape, []int{3}) || !slices.Equal(g.X, w.X) || !slices.Equal(g.Labels, w.Labels) || g.Source != pq {
			t.Errorf("parquet: shape %v, x %v, labels %v, source %s;\nwant %v, %v, %v", g.Shape, g.X, g.Labels, g.Source, w.Shape, w.X, w.Labels)
		}
	}
	// Limit reads the first rows
	got, err := data.Open(pq, data.Options{LabelColumn: "kind", Limit: 5})
	if err != nil || got.Train.Len() != 5 {
		t.Errorf("Limit 5: %v, %v", got, err)
	}
}

// TestParquetBadFiles: a truncated file, a file that is not Parquet,
// an unknown label column, a null value and a non-finite value are each
// an error naming the file and, where there is one, the column.
func TestParquetBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := writeParquet(t, dir, "good.parquet", 6, f64("a", func(i int) float64 { return float64(i) }), f64("b", func(i int) float64 { return 1 }))
	full, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.parquet")
	os.WriteFile(truncated, full[:len(full)/2], 0o644)
	notParquet := filepath.Join(dir, "text.parquet")
	os.WriteFile(notParquet, []byte("a,b\n1,2\n"), 0o644)
	empty := filepath.Join(dir, "empty.parquet")
	os.WriteFile(empty, nil, 0o644)
	nulls := writeParquet(t, dir, "nulls.parquet", 6, parquetColumn{"a", arrow.PrimitiveTypes.Float64, func(b array.Builder, i int) {
		if i == 4 {
			b.AppendNull()
		} else {
			b.(*array.Float64Builder).Append(1)
		}
	}})
	inf := writeParquet(t, dir, "inf.parquet", 3, f64("a", func(i int) float64 { return 1e300 }))
	noRows := writeParquet(t, dir, "norows.parquet", 0, f64("a", func(i int) float64 { return 1 }))
	for _, c := range []struct {
		name, path, label string
		want              error
		says              string
	}{
		{"truncated", truncated, "", nil, "not a readable Parquet file"},
		{"not parquet", notParquet, "", nil, "not a readable Parquet file"},
		{"empty", empty, "", nil, "not a readable Parquet file"},
		{"unknown label", good, "device", data.ErrLabel, `"device"; the columns are "a", "b"`},
		{"null", nulls, "", parquet.ErrNull, `column "a", row 5`},
		{"beyond float32", inf, "", data.ErrBadValue, `column "a", row 1`},
		{"no rows", noRows, "", data.ErrNoData, "no rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := data.Open(c.path, data.Options{LabelColumn: c.label})
			var fe *data.FileError
			if err == nil || !errors.As(err, &fe) || fe.Path != c.path || !strings.Contains(err.Error(), c.says) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Errorf("error %v; want a *FileError naming %s, saying %q, is %v", err, c.path, c.says, c.want)
			}
		})
	}
}

// FuzzReadParquet: any bytes read as Parquet give a set of finite
// values or an error naming the source, never a panic.
func FuzzReadParquet(f *testing.F) {
	dir := f.TempDir()
	good := writeParquet(f, dir, "seed.parquet", 6, f64("a", func(i int) float64 { return float64(i) }), text("k", func(i int) string { return "x" }))
	b, err := os.ReadFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, "k")
	f.Add(b[:len(b)-9], "")
	f.Fuzz(func(t *testing.T, b []byte, label string) {
		s, err := parquet.Read(bytes.NewReader(b), int64(len(b)), "fuzz.parquet", label)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.parquet") {
				t.Errorf("error %v does not name the source", err)
			}
			return
		}
		for _, v := range s.X {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Fatalf("value %v", v)
			}
		}
	})
}

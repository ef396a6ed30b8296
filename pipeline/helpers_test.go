package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"codeberg.org/sbinet/npyio/npy"
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
)

var (
	initOnce sync.Once
	bins     = map[string]string{}
	binsDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binsDir != "" {
		os.RemoveAll(binsDir)
	}
	os.Exit(code)
}

// command returns the path of the binary of cmd/name, built once.
func command(t testing.TB, name string) string {
	t.Helper()
	if p, ok := bins[name]; ok {
		return p
	}
	if binsDir == "" {
		d, err := os.MkdirTemp("", "pipeline-bins")
		if err != nil {
			t.Fatal(err)
		}
		binsDir = d
	}
	p := filepath.Join(binsDir, name)
	out, err := exec.Command("go", "build", "-o", p, "../cmd/"+name).CombinedOutput()
	if err != nil {
		t.Fatalf("go build ../cmd/%s: %v\n%s", name, err, out)
	}
	bins[name] = p
	return p
}

// runCmd runs the binary of cmd/name with args; it fails t unless it
// exits 0.
func runCmd(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(command(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// runPipeline builds a pipeline with build and runs it on Prism.
func runPipeline(t testing.TB, build func(s beam.Scope)) error {
	t.Helper()
	initOnce.Do(beam.Init)
	p, s := beam.NewPipelineWithRoot()
	build(s)
	_, err := beam.Run(context.Background(), "prism", p)
	return err
}

// rows returns n rows of width values, the i-th a smooth function of i
// and seed, with a few outliers.
func rows(n, width, seed int) [][]float32 {
	x := make([][]float32, n)
	for i := range x {
		x[i] = make([]float32, width)
		for j := range x[i] {
			v := float32((i*7+j*3+seed*11)%23) / 23 * float32(j+1)
			if i%50 == 49 {
				v *= 3
			}
			x[i][j] = v
		}
	}
	return x
}

// writeCSV writes rows, with a key column if keys is not nil, as CSV.
func writeCSV(t testing.TB, path string, x [][]float32, keys []string) string {
	t.Helper()
	var b bytes.Buffer
	for j := range x[0] {
		if j > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "f%d", j)
	}
	if keys != nil {
		b.WriteString(",device")
	}
	b.WriteByte('\n')
	for i, r := range x {
		for j, v := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%v", v)
		}
		if keys != nil {
			b.WriteString("," + keys[i])
		}
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeNPY writes rows as a 2-D float32 .npy file.
func writeNPY(t testing.TB, path string, x [][]float32) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := npy.Write(w, x); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeParquet writes rows as a Parquet file of float32 columns, in
// row groups of 100 rows.
func writeParquet(t testing.TB, path string, x [][]float32) string {
	t.Helper()
	fields := make([]arrow.Field, len(x[0]))
	for j := range fields {
		fields[j] = arrow.Field{Name: fmt.Sprintf("f%d", j), Type: arrow.PrimitiveTypes.Float32}
	}
	schema := arrow.NewSchema(fields, nil)
	rb := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer rb.Release()
	for _, r := range x {
		for j, v := range r {
			rb.Field(j).(*array.Float32Builder).Append(v)
		}
	}
	rec := rb.NewRecordBatch()
	defer rec.Release()
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	defer tbl.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pqarrow.WriteTable(tbl, f, 100, parquet.NewWriterProperties(), pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	return path
}

// readShards reads the CSV shards PREFIX-*.csv: the header and the rows
// keyed by "base name of the file:row", with the other fields.
func readShards(t testing.TB, prefix string) (header []string, byRow map[string][]string) {
	t.Helper()
	files, _ := filepath.Glob(prefix + "-*-of-*.csv")
	if len(files) == 0 {
		t.Fatalf("no shards %s-*.csv", prefix)
	}
	sort.Strings(files)
	byRow = map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header = recs[0]
		for _, r := range recs[1:] {
			byRow[filepath.Base(r[0])+":"+r[1]] = r[2:]
		}
	}
	return header, byRow
}

// readCSVRecords reads a CSV file.
func readCSVRecords(t testing.TB, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

package data

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"image"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// setBudget makes MemoryBudget n bytes for the rest of the test.
func setBudget(t *testing.T, n int64) {
	t.Helper()
	old := memoryBudget
	memoryBudget = func() int64 { return n }
	t.Cleanup(func() { memoryBudget = old })
}

func TestMemoryBudget(t *testing.T) {
	b := MemoryBudget()
	if b <= 0 {
		t.Fatalf("MemoryBudget() = %d", b)
	}
	if total, ok := totalMemory(); ok && b > total/2 {
		t.Errorf("MemoryBudget() = %d, more than half of MemTotal %d", b, total)
	}
}

func TestMulSize(t *testing.T) {
	for _, tt := range []struct {
		per  int64
		dims []int
		want int64
	}{
		{4, []int{2, 3}, 24},
		{4, []int{1<<62 + 1, 1}, -1}, // would wrap to 4 in uint64
		{1, []int{1 << 32, 1 << 31}, -1},
		{4, []int{1<<62 + 1, 0}, 0}, // no elements, whatever the order
		{4, []int{0, 1<<62 + 1}, 0},
		{4, []int{-1, 2}, -1},
		{8, nil, 8},
	} {
		if got := mulSize(tt.per, tt.dims...); got != tt.want {
			t.Errorf("mulSize(%d, %v) = %d, want %d", tt.per, tt.dims, got, tt.want)
		}
	}
	if addSize(math.MaxInt64, 1) != -1 || addSize(-1, 1) != -1 || addSize(2, 3) != 5 {
		t.Error("addSize wrong")
	}
}

// truncatedPNG returns a PNG of w x h grey pixels cut after its IHDR
// chunk: its header reads, it does not decode.
func truncatedPNG(w, h int) []byte {
	b := pngBytes(image.NewGray(image.Rect(0, 0, w, h)))
	return b[:8+8+13+4]
}

// TestImageFolderBudget guards issue 23: ten PNGs that expand to more
// than the budget are refused from their headers, before any is decoded
// (decoding these truncated files would fail with ErrNotImage).
func TestImageFolderBudget(t *testing.T) {
	setBudget(t, 1<<20)
	dir := t.TempDir()
	for i := range 10 {
		saveBytes(t, filepath.Join(dir, fmt.Sprintf("%d.png", i)), truncatedPNG(256, 256))
	}
	_, err := Open(dir, Options{})
	var fe *FileError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &fe) || fe.Path != dir {
		t.Fatalf("Open error %v, want ErrTooLarge naming %s", err, dir)
	}
	if !strings.Contains(err.Error(), "10 images of 256x256 pixels") {
		t.Errorf("error %q does not say what is too large", err)
	}
	// Within the budget, they are decoded (and found damaged).
	setBudget(t, 1<<30)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrNotImage) {
		t.Errorf("Open error %v, want ErrNotImage", err)
	}
}

// TestSizeOptionTooLarge guards issue 23: -size 100000x100000 is an
// option error before any image is read, not an out-of-memory crash.
func TestSizeOptionTooLarge(t *testing.T) {
	dir := t.TempDir()
	savePNG(t, filepath.Join(dir, "a.png"), grey(2, 2))
	_, err := Open(dir, Options{Height: 100000, Width: 100000})
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Field != "Height, Width" || !strings.Contains(err.Error(), "100000x100000") {
		t.Fatalf("Open error %v, want an *OptionError for Height, Width naming 100000x100000", err)
	}
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v is not ErrTooLarge", err)
	}
}

// bombIDX returns a gzipped IDX file whose header declares n samples of
// 28x28 bytes, all zero: a small file that expands to n*784 bytes.
func bombIDX(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(idxBytes(0x08, []uint32{uint32(n), 28, 28}, nil))
	zeros := make([]byte, 28*28*1024)
	for left := n; left > 0; left -= 1024 {
		zw.Write(zeros[:28*28*min(left, 1024)])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestIDXBomb guards issue 23: a gzipped IDX file declaring more samples
// than the budget holds is refused from its header, having decompressed
// next to nothing; the same file within the budget reads.
func TestIDXBomb(t *testing.T) {
	setBudget(t, 4<<20)
	b := bombIDX(t, 4096) // 3.2 MB of bytes, 12.8 MB as float32
	dir := t.TempDir()
	path := filepath.Join(dir, "bomb-idx3-ubyte.gz")
	write(t, path, b)
	_, err := Open(path, Options{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "4096 samples of shape [1 28 28]") {
		t.Fatalf("Open error %v, want ErrTooLarge naming the file and the samples", err)
	}
	setBudget(t, 3<<20) // ReadIDX holds the 3.2 MB of bytes
	if _, err := ReadIDX(bytes.NewReader(b)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadIDX error %v, want ErrTooLarge", err)
	}
	setBudget(t, 16<<20)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Train.Len() != 4096 {
		t.Errorf("%d samples, want 4096", s.Train.Len())
	}
}

// TestNPYBudget checks that .npy data beyond the budget is refused from
// its header, in a file, a folder-less .npz entry and Fortran order.
func TestNPYBudget(t *testing.T) {
	setBudget(t, 1000)
	dir := t.TempDir()
	for _, fortran := range []bool{false, true} {
		path := filepath.Join(dir, fmt.Sprintf("big-%v.npy", fortran))
		write(t, path, npyBytes("|u1", fortran, []int{300, 2}, nil)) // 2400 bytes as float32
		if _, err := Open(path, Options{}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(fortran %v) error %v, want ErrTooLarge naming the file", fortran, err)
		}
	}
	x := npyBytes("|u1", false, []int{300, 2}, make([]byte, 600))
	if _, err := readNPZ(bytes.NewReader(zipOf(map[string][]byte{"x.npy": x})), int64(len(zipOf(map[string][]byte{"x.npy": x}))), "z.npz", Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("readNPZ error %v, want ErrTooLarge", err)
	}
}

// zipOf returns a zip archive of the entries.
func zipOf(entries map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range entries {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// TestCSVBudget checks that CSV text beyond a third of the budget, plain
// or gzipped, is refused without being read whole.
func TestCSVBudget(t *testing.T) {
	setBudget(t, 3000)
	dir := t.TempDir()
	text := "a,b\n" + strings.Repeat("1,2\n", 1000)
	path := filepath.Join(dir, "x.csv")
	write(t, path, []byte(text))
	if _, err := Open(path, Options{}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), path) {
		t.Errorf("Open error %v, want ErrTooLarge naming the file", err)
	}
	gz := filepath.Join(dir, "x.csv.gz")
	write(t, gz, gzipBytes(t, []byte(text)))
	if _, err := Open(gz, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open(gz) error %v, want ErrTooLarge", err)
	}
	// The first 10 rows are within it.
	s, err := Open(gz, Options{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if s.Train.Len() != 10 {
		t.Errorf("%d rows, want 10", s.Train.Len())
	}
}

// TestOpenLimit guards issue 23: Options.Limit stops reading after the
// first samples of the training part. Every file below is bad after its
// third sample (a NaN, a truncated end, a bad row): with Limit 3 none of
// that is read.
func TestOpenLimit(t *testing.T) {
	dir := t.TempDir()
	nan := float32(math.NaN())
	npyPath := filepath.Join(dir, "x.npy")
	write(t, npyPath, npyBytes("<f4", false, []int{5, 2}, f32bytes(0, 1, 2, 3, 4, 5, nan, 7)))
	fullPath := filepath.Join(dir, "full.npy") // a file-backed set checks the size first
	write(t, fullPath, npyBytes("<f4", false, []int{5, 2}, f32bytes(0, 1, 2, 3, 4, 5, nan, 7, 8, 9)))
	six := []byte{0, 1, 2, 3, 4, 5, 6}
	idxPath := filepath.Join(dir, "x-idx2-ubyte")
	write(t, idxPath, idxBytes(0x08, []uint32{5, 2}, six))
	idxDir := filepath.Join(dir, "mnist")
	saveBytes(t, filepath.Join(idxDir, "train-images-idx2-ubyte"), idxBytes(0x08, []uint32{5, 2}, six))
	saveBytes(t, filepath.Join(idxDir, "train-labels-idx1-ubyte"), idxBytes(0x08, []uint32{5}, []byte{7, 8, 9}))
	saveBytes(t, filepath.Join(idxDir, "t10k-images-idx2-ubyte"), idxBytes(0x08, []uint32{4, 2}, seq(8)))
	npzPath := filepath.Join(dir, "x.npz")
	write(t, npzPath, zipOf(map[string][]byte{
		"x.npy": npyBytes("<f4", false, []int{5, 2}, f32bytes(0, 1, 2, 3, 4, 5, nan, 7, 8, 9)),
		"y.npy": npyBytes("|u1", false, []int{5}, []byte{7, 8, 9, 10, 11}),
	}))
	csvPath := filepath.Join(dir, "x.csv")
	write(t, csvPath, []byte("a,b\n0,1\n\n2,\"3\"\n4,5\nbad,row,here\n"))
	imgDir := filepath.Join(dir, "imgs")
	for i := range 3 {
		savePNG(t, filepath.Join(imgDir, fmt.Sprintf("%d.png", i)), grey(2, 1, uint8(2*i), uint8(2*i+1)))
	}
	saveBytes(t, filepath.Join(imgDir, "3.png"), []byte("not an image"))
	want := []float32{0, 1, 2, 3, 4, 5}
	for _, tt := range []struct {
		path   string
		opt    Options
		labels []string
	}{
		{path: npyPath},
		{path: fullPath, opt: Options{FileBacked: true}},
		{path: idxPath},
		{path: idxDir, labels: []string{"7", "8", "9"}},
		{path: npzPath, labels: []string{"7", "8", "9"}},
		{path: csvPath},
		{path: imgDir},
	} {
		tt.opt.Limit = 3
		s, err := Open(tt.path, tt.opt)
		if err != nil {
			t.Errorf("Open(%s, %+v): %v", tt.path, tt.opt, err)
			continue
		}
		got := make([]float32, s.Train.Len()*s.Train.Size())
		if err := s.Train.ReadRows(0, s.Train.Len(), got); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(s.Train.Labels) != fmt.Sprint(tt.labels) {
			t.Errorf("Open(%s, %+v) = %v labelled %v, want %v labelled %v", tt.path, tt.opt, got, s.Train.Labels, want, tt.labels)
		}
		s.Train.Close()
	}
	// The test part is read whole.
	s, err := Open(idxDir, Options{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if s.Test.Len() != 4 {
		t.Errorf("test part of %d samples, want 4", s.Test.Len())
	}
	// Without the limit the bad parts are found.
	for _, p := range []string{npyPath, idxPath, idxDir, npzPath, csvPath, imgDir} {
		if _, err := Open(p, Options{}); err == nil {
			t.Errorf("Open(%s) accepted it whole", p)
		}
	}
	if _, err := Open(npyPath, Options{Limit: -1}); err == nil {
		t.Error("Limit -1 accepted")
	}
}

// TestOpenCheckShape checks that Options.CheckShape sees the sample shape
// from the header and stops Open before the data is read: each file's
// data is truncated, which reading would report.
func TestOpenCheckShape(t *testing.T) {
	dir := t.TempDir()
	npyPath := filepath.Join(dir, "x.npy")
	write(t, npyPath, npyBytes("|u1", false, []int{5, 4, 3, 2}, nil))
	fullPath := filepath.Join(dir, "full.npy") // a file-backed set checks the size first
	write(t, fullPath, npyBytes("|u1", false, []int{5, 4, 3, 2}, make([]byte, 120)))
	idxPath := filepath.Join(dir, "x-idx4-ubyte.gz")
	write(t, idxPath, gzipBytes(t, idxBytes(0x08, []uint32{5, 4, 3, 2}, nil)))
	npzPath := filepath.Join(dir, "x.npz")
	write(t, npzPath, zipOf(map[string][]byte{"x_train.npy": npyBytes("|u1", false, []int{5, 4, 3, 2}, nil)}))
	imgDir := filepath.Join(dir, "imgs")
	for i := range 3 {
		saveBytes(t, filepath.Join(imgDir, fmt.Sprintf("%d.png", i)), truncatedPNG(3, 4))
	}
	refuse := errors.New("not the spec's shape")
	for _, tt := range []struct {
		path string
		opt  Options
		want string
	}{
		{path: npyPath, want: "[2 4 3]"},
		{path: fullPath, opt: Options{FileBacked: true}, want: "[2 4 3]"},
		{path: idxPath, want: "[2 4 3]"},
		{path: npzPath, want: "[2 4 3]"},
		{path: imgDir, want: "[1 4 3]"},
		{path: imgDir, opt: Options{Channels: 3, Height: 5, Width: 6}, want: "[3 5 6]"},
	} {
		var got []int
		tt.opt.CheckShape = func(shape []int) error {
			got = shape
			return refuse
		}
		_, err := Open(tt.path, tt.opt)
		if !errors.Is(err, refuse) || !strings.Contains(err.Error(), tt.path) {
			t.Errorf("Open(%s) error %v, want the check's naming the file", tt.path, err)
		}
		if fmt.Sprint(got) != tt.want {
			t.Errorf("Open(%s) checked %v, want %s", tt.path, got, tt.want)
		}
	}
	csvPath := filepath.Join(dir, "x.csv")
	write(t, csvPath, []byte("a,b,c\n1,2,3\n"))
	var got []int
	_, err := Open(csvPath, Options{CheckShape: func(s []int) error { got = s; return refuse }})
	if !errors.Is(err, refuse) || fmt.Sprint(got) != "[3]" {
		t.Errorf("CSV: error %v, shape %v; want the check's and [3]", err, got)
	}
}

// TestCSVCutter checks that the record ends found for Options.Limit
// agree with the parser: quoted newlines and quotes, blank lines, CRLF,
// spaces before a quote, a quote inside an unquoted field.
func TestCSVCutter(t *testing.T) {
	text := "a,\"b\nc\"\r\n\n  \r\n1,\"x\"\"\n\"\n2, \"y\"\n3,z \"q\n4,w\n"
	labels := []string{"x\"\n", "y", "z \"q", "w"}
	for rows := 1; rows <= 4; rows++ {
		var c csvCutter
		end, ok := c.scan([]byte(text), rows+1)
		if !ok {
			t.Fatalf("rows %d: no end found", rows)
		}
		s, err := ParseCSV([]byte(text[:end]), "t.csv", "b\nc")
		if err != nil {
			t.Fatalf("rows %d: %v", rows, err)
		}
		if fmt.Sprintf("%q", s.Labels) != fmt.Sprintf("%q", labels[:rows]) {
			t.Errorf("cut after %d rows holds %q, want %q", rows, s.Labels, labels[:rows])
		}
	}
	var c csvCutter
	if _, ok := c.scan([]byte(text), 6); ok {
		t.Error("found a 6th record in a text of 5")
	}
	r, err := readCSVPrefix(strings.NewReader(text), 2, 1<<20)
	if want := "a,\"b\nc\"\r\n\n  \r\n1,\"x\"\"\n\"\n2, \"y\"\n"; err != nil || string(r) != want {
		t.Errorf("readCSVPrefix = %q, %v; want %q", r, err, want)
	}
}

// TestDecodeWorkers checks that large images are decoded on fewer
// goroutines when the budget has room for fewer decodings at once.
func TestDecodeWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	for _, tt := range []struct {
		n                int
		held, peak, left int64
		want             int
	}{
		{10, 100, 30, 200, 3},
		{10, 100, 30, 100, 1}, // at least one; the budget check refuses it
		{3, 0, 1, 1000, 3},
		{20, 0, 1, 1000, 8},
		{20, -1, 1, 1000, 8}, // held overflowed: refused by the check
	} {
		if got := decodeWorkers(tt.n, tt.held, tt.peak, tt.left); got != tt.want {
			t.Errorf("decodeWorkers(%d, %d, %d, %d) = %d, want %d", tt.n, tt.held, tt.peak, tt.left, got, tt.want)
		}
	}
}

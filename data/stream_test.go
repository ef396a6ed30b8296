package data

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// allocated returns the bytes f allocates.
func allocated(f func()) int64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}

// gzipIDX returns a gzipped IDX file whose header declares dims and
// whose data is n zero bytes.
func gzipIDX(t *testing.T, dims []uint32, n int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(idxBytes(0x08, dims, nil))
	zeros := make([]byte, 1<<20)
	for left := n; left > 0; left -= len(zeros) {
		zw.Write(zeros[:min(left, len(zeros))])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflatedMember returns a zip archive of one member, name, whose
// content b is deflated and whose central directory gives size as its
// uncompressed size, true or not.
func deflatedMember(t *testing.T, name string, b []byte, size uint64) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(b)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(b),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadAllocatesWhatArrives guards issue 23: a small file whose
// header declares gigabytes it does not hold is refused having allocated
// about what it holds, not what it declares. Where the size is known
// before reading (a plain file, a zip member) a mismatch is refused
// before any data is read; a stream of unknown length (gzip, a zip
// directory that lies) grows the samples as the data arrives.
func TestReadAllocatesWhatArrives(t *testing.T) {
	setBudget(t, 1<<40) // a big machine: only the data can stop the readers
	dir := t.TempDir()
	const held = 20 << 20                                         // bytes the streams hold
	const streamed = 4*4*held + 4<<20                             // 4x the values they hold as float32, plus a little
	npyHdr := npyBytes("<f4", false, []int{200_000_000, 10}, nil) // declares 8 GB
	npyData := append(npyHdr, make([]byte, held)...)
	honest := zipOf(map[string][]byte{"x.npy": npyData})
	member := strconv.Itoa(len(npyData))
	lying := deflatedMember(t, "x.npy", npyData, uint64(len(npyHdr))+8_000_000_000)
	for _, tt := range []struct {
		name  string
		b     []byte
		limit int64  // the most bytes Open may allocate
		want  string // in the error
	}{
		{"b2-idx3-ubyte.gz", gzipIDX(t, []uint32{50000, 200, 200}, held), streamed, "truncated"},
		{"plain-idx3-ubyte", append(idxBytes(0x08, []uint32{50000, 200, 200}, nil), make([]byte, 1<<20)...), 4 << 20, "declares 2000000016"},
		{"x.npy", append(npyHdr, make([]byte, 1<<20)...), 4 << 20, "declares 8000000128"},
		{"honest.npz", honest, 4 << 20, "x.npy: truncated file: the archive's directory says the member holds " + member},
		{"lying.npz", lying, streamed, "x.npy: truncated"},
	} {
		path := filepath.Join(dir, tt.name)
		write(t, path, tt.b)
		var err error
		n := allocated(func() { _, err = Open(path, Options{}) })
		if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%s) error %v, want ErrTruncated naming the file and %q", tt.name, err, tt.want)
		}
		t.Logf("Open(%s) allocated %.1f MiB: %v", tt.name, float64(n)/(1<<20), err)
		if n > tt.limit {
			t.Errorf("Open(%s) allocated %d MiB, want at most %d MiB", tt.name, n>>20, tt.limit>>20)
		}
	}
}

// TestReadTrailingSize checks the sizes known before reading the other
// way: a plain file or zip member longer than its header declares.
func TestReadTrailingSize(t *testing.T) {
	dir := t.TempDir()
	npy := npyBytes("|u1", false, []int{2, 2}, seq(5))
	for name, b := range map[string][]byte{
		"x-idx2-ubyte": idxBytes(0x08, []uint32{2, 2}, seq(5)),
		"x.npy":        npy,
		"x.npz":        zipOf(map[string][]byte{"x.npy": npy}),
	} {
		path := filepath.Join(dir, name)
		write(t, path, b)
		if _, err := Open(path, Options{}); !errors.Is(err, ErrTrailingData) || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%s) error %v, want ErrTrailingData naming the file", name, err)
		}
		// The first sample reads.
		if s, err := Open(path, Options{Limit: 1}); err != nil || s.Train.Len() != 1 {
			t.Errorf("Open(%s, Limit 1) = %v", name, err)
		}
	}
}

// pngHeader returns the signature and IHDR chunk of a w x h grey PNG.
func pngHeader(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 0, 0, 0, 0)
	b := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, 13)...)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// TestImagePixelLimit guards issue 23: an image over the pixel limit is
// refused saying so, naming the file, not as "not a PNG or JPEG image".
func TestImagePixelLimit(t *testing.T) {
	if _, _, err := image.DecodeConfig(bytes.NewReader(pngHeader(30000, 30000))); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.png")
	write(t, path, pngHeader(30000, 30000))
	_, err := Open(dir, Options{})
	if err == nil || errors.Is(err, ErrNotImage) || !strings.Contains(err.Error(), path) ||
		!strings.Contains(err.Error(), "30000x30000") || !strings.Contains(err.Error(), strconv.Itoa(maxPixels)) {
		t.Errorf("Open error %v, want one naming the file, its size and the limit of %d pixels", err, maxPixels)
	}
	if _, err := decodeImage(pngHeader(30000, 30000), 0, 0); err == nil || errors.Is(err, ErrNotImage) || !strings.Contains(err.Error(), "pixels") {
		t.Errorf("decodeImage error %v, want one about the pixel limit", err)
	}
}

// TestFileBackedKinds guards issue 23: Options.FileBacked (-stream) with
// anything but a .npy file is an OptionError, not silently ignored.
func TestFileBackedKinds(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "x.csv")
	write(t, csvPath, []byte("a,b\n1,2\n"))
	idxPath := filepath.Join(dir, "x-idx2-ubyte")
	write(t, idxPath, idxBytes(0x08, []uint32{1, 2}, seq(2)))
	idxDir := filepath.Join(dir, "mnist")
	saveBytes(t, filepath.Join(idxDir, "train-images-idx2-ubyte"), idxBytes(0x08, []uint32{1, 2}, seq(2)))
	npzPath := filepath.Join(dir, "x.npz")
	write(t, npzPath, zipOf(map[string][]byte{"x.npy": npyBytes("|u1", false, []int{1, 2}, seq(2))}))
	imgDir := filepath.Join(dir, "imgs")
	savePNG(t, filepath.Join(imgDir, "a.png"), grey(1, 1, 0))
	for _, p := range []string{csvPath, idxPath, idxDir, npzPath, imgDir} {
		_, err := Open(p, Options{FileBacked: true})
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Field != "FileBacked" || !strings.Contains(err.Error(), "-stream") ||
			!strings.Contains(err.Error(), ".npy") || !strings.Contains(err.Error(), p) {
			t.Errorf("Open(%s, FileBacked) error %v, want an OptionError for FileBacked naming -stream, .npy and the path", p, err)
		}
		if FileBackable(p) {
			t.Errorf("FileBackable(%s) = true", p)
		}
	}
	npyPath := writeNPY(t, dir, "x.npy", [][]float32{{1, 2}})
	s, err := Open(npyPath, Options{FileBacked: true})
	if err != nil || s.Train.Rows == nil {
		t.Fatalf("Open(.npy, FileBacked) = %v, %v", s, err)
	}
	s.Train.Close()
	if !FileBackable(npyPath) {
		t.Errorf("FileBackable(%s) = false", npyPath)
	}
}

package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"codeberg.org/sbinet/npyio/npy"
)

// Options configure [Open]. The zero value reads every kind with its
// defaults.
type Options struct {
	// LabelColumn names the CSV column holding labels; "" means the file
	// has none and every column is a feature.
	LabelColumn string
	// Layout is the order of 4-dimensional arrays (.npy, .npz, IDX):
	// "nhwc" (the default: NumPy and Keras images, (N, H, W, C)) or
	// "nchw" ((N, C, H, W), as PyTorch). Samples are always returned
	// channels first.
	Layout string
	// Channels is the number of channels of images read from a folder:
	// 0 gives 3 if any image is in colour, else 1; 1 turns colour to
	// grey (ITU-R 601 luma), 3 repeats grey in each channel.
	Channels int
	// Height and Width, if not 0, are the size every image of a folder is
	// resized to (Catmull-Rom). With 0, images of different sizes are an
	// error.
	Height, Width int
	// FileBacked makes a .npy file a file-backed set (see [NPYFile]): its
	// rows are read as needed instead of all at once. It reads .npy files
	// only: with any other kind Open returns an [*OptionError] (see
	// [FileBackable]).
	FileBacked bool
	// Limit, if not 0, is the most samples of the training part read: the
	// readers stop after the first Limit samples (in the order Open
	// gives them) instead of reading all and cutting. The test part is
	// read whole.
	Limit int
	// CheckShape, if not nil, is called with one sample's shape as soon
	// as a reader knows it, from a header where the format has one,
	// before the samples are read; an error it returns stops Open. A
	// folder of images whose number of channels depends on the pixels is
	// checked after decoding.
	CheckShape func(shape []int) error
	// WindowOptions cut a time series into windows (window_open.go).
	WindowOptions

	mem *budget // what remains of the memory budget of an Open call
}

// An OptionError reports a bad field of [Options].
type OptionError struct {
	Field string // the Options field, such as "Channels"
	Value any
	Err   error
}

// Error returns "data: Options.FIELD = VALUE: ERR".
func (e *OptionError) Error() string {
	return fmt.Sprintf("data: Options.%s = %v: %v", e.Field, e.Value, e.Err)
}

// Unwrap returns the underlying error.
func (e *OptionError) Unwrap() error { return e.Err }

// check validates the options.
func (opt Options) check() error {
	if _, _, err := sampleShape([]int{1, 1, 1, 1}, opt.Layout); err != nil {
		return &OptionError{Field: "Layout", Value: fmt.Sprintf("%q", opt.Layout), Err: errors.New(`want "nhwc" or "nchw"`)}
	}
	if opt.Channels != 0 && opt.Channels != 1 && opt.Channels != 3 {
		return &OptionError{Field: "Channels", Value: opt.Channels, Err: errors.New("want 0 (from the images), 1 or 3")}
	}
	if opt.Height < 0 || opt.Width < 0 || (opt.Height == 0) != (opt.Width == 0) {
		return &OptionError{Field: "Height, Width", Value: fmt.Sprintf("%d, %d", opt.Height, opt.Width),
			Err: errors.New("want both 0 (no resizing) or both positive")}
	}
	// One resized image: its RGBA pixels, its bytes and its float32 values.
	if err := opt.mem.check(mulSize(4+3+3*4, opt.Height, opt.Width), fmt.Sprintf("one image of %dx%d pixels", opt.Height, opt.Width)); err != nil {
		return &OptionError{Field: "Height, Width", Value: fmt.Sprintf("%d, %d", opt.Height, opt.Width), Err: err}
	}
	if opt.Limit < 0 {
		return &OptionError{Field: "Limit", Value: opt.Limit, Err: errors.New("want 0 (every sample) or a positive number")}
	}
	return nil
}

// checkShape calls opt.CheckShape, if any, with the shape of one
// sample.
func (opt Options) checkShape(shape []int) error {
	if opt.CheckShape == nil {
		return nil
	}
	return opt.CheckShape(slices.Clone(shape))
}

// limit returns the number of samples to read of the n a training part
// holds.
func (opt Options) limit(n int) int {
	if opt.Limit > 0 {
		return min(n, opt.Limit)
	}
	return n
}

// kinds lists what Open reads, for the error about anything else.
const kinds = "a CSV file with a header row (.csv, .csv.gz), a Parquet file of numeric columns (.parquet, with package data/parquet imported), a NumPy array (.npy) or archive (.npz), " +
	"an IDX file (plain or gzipped), a folder of IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-...), " +
	"or a folder of PNG or JPEG images (sub-folders name classes)"

// Open reads the samples at path, choosing the reader from what path is:
//
//   - a folder holding a file named like train-images-idx3-ubyte: an IDX
//     folder, with train-labels, t10k-images and t10k-labels files if
//     present (each plain or .gz);
//   - another folder: PNG and JPEG images, labelled by their sub-folder;
//   - a file named .csv or .csv.gz: CSV with a header row;
//   - a file whose name ends in an extension registered with
//     [RegisterReader], such as .parquet (package data/parquet): that
//     reader's kind;
//   - a file starting as a .npy, a zip (.npz) or an IDX file (plain or
//     gzipped), whatever its name.
//
// Anything else is an [ErrUnknownKind] error listing the kinds accepted,
// and Options.FileBacked with anything but a .npy file an
// [*OptionError]. Errors name the file at fault: [*FileError], or
// [*ParseError] for CSV.
func Open(path string, opt Options) (*Split, error) {
	if opt.WindowOptions != (WindowOptions{}) {
		return openSeries(path, opt)
	}
	opt.mem = newBudget()
	if err := opt.check(); err != nil {
		return nil, err
	}
	kind, err := kindOf(path)
	if err != nil {
		return nil, err
	}
	if opt.FileBacked && kind != "npy" && kind != "" {
		return nil, &OptionError{Field: "FileBacked", Value: true,
			Err: fmt.Errorf("reading rows as needed (-stream) reads .npy files only, and %s is %s", path, kindNames[kind])}
	}
	switch kind {
	case "idxdir":
		return readIDXDir(path, opt)
	case "images":
		return readImageDir(path, opt)
	case "csv":
		return readCSVFile(path, opt)
	case "registered":
		_, r := registered(path)
		return readRegistered(path, r, opt)
	case "npy":
		if opt.FileBacked {
			return openNPYFileSet(path, opt)
		}
		return readNPYFile(path, opt)
	case "npz":
		return readNPZFile(path, opt)
	case "idx":
		return readIDXFileSet(path, opt)
	}
	return nil, &FileError{Path: path, Err: fmt.Errorf("%w; Open reads %s", ErrUnknownKind, kinds)}
}

// kindNames names the kinds of kindOf, for messages.
var kindNames = map[string]string{
	"idxdir":     "a folder of IDX files",
	"images":     "a folder of images",
	"csv":        "a CSV file",
	"registered": "a file of a registered kind",
	"npz":        "a NumPy archive (.npz)",
	"idx":        "an IDX file",
}

// kindOf tells what Open reads path as: "idxdir", "images", "csv",
// "registered", "npy", "npz", "idx", or "" for an unknown kind.
func kindOf(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fileError(path, err)
	}
	if fi.IsDir() {
		if isIDXDir(path) {
			return "idxdir", nil
		}
		return "images", nil
	}
	if err := checkRegular(path, fi); err != nil {
		return "", err
	}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".csv.gz") {
		return "csv", nil
	}
	if _, r := registered(path); r != nil {
		return "registered", nil
	}
	if strings.HasSuffix(lower, ".parquet") {
		return "", &FileError{Path: path, Err: fmt.Errorf("%w: Parquet is read by package data/parquet, which this program does not import", ErrUnknownKind)}
	}
	kind, err := sniff(path)
	if err != nil {
		return "", fileError(path, err)
	}
	return kind, nil
}

// FileBackable reports whether [Open] can read path with
// Options.FileBacked: whether it is a .npy file.
func FileBackable(path string) bool {
	kind, err := kindOf(path)
	return err == nil && kind == "npy"
}

// sniff tells the kind of the file at path from its first bytes: "npy",
// "npz", "idx" (plain or gzipped) or "".
func sniff(path string) (string, error) {
	f, err := openRegular(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, _ := br.Peek(6)
	switch {
	case bytes.Equal(head, npy.Magic[:]):
		return "npy", nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return "npz", nil
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return "", nil
		}
		var b [4]byte
		if _, err := io.ReadFull(zr, b[:]); err == nil && isIDXMagic(b[:]) {
			return "idx", nil
		}
	case isIDXMagic(head):
		return "idx", nil
	}
	return "", nil
}

// isIDXMagic reports whether b starts with the magic number of an IDX file.
func isIDXMagic(b []byte) bool {
	return len(b) >= 4 && b[0] == 0 && b[1] == 0 && typeName(b[2]) != "" && b[3] >= 1 && b[3] <= maxDims
}

// readNPYFile reads a whole .npy file as an unlabelled set.
func readNPYFile(path string, opt Options) (*Split, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := readNPYSet(bufio.NewReaderSize(f, 1<<20), opt, path, fileSize(f))
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return &Split{Train: s}, nil
}

// openNPYFileSet opens a .npy file as a file-backed set of at most
// opt.Limit samples.
func openNPYFileSet(path string, opt Options) (*Split, error) {
	nf, err := openNPYFile(path, opt.Layout)
	if err != nil {
		return nil, err
	}
	if err := opt.checkShape(nf.shape); err != nil {
		nf.Close()
		return nil, &FileError{Path: path, Err: err}
	}
	nf.rows = opt.limit(nf.rows)
	return &Split{Train: nf.Set()}, nil
}

// readNPYSet reads a .npy stream into a set: its first opt.Limit samples
// if that is set. C-order data is decoded a chunk at a time straight into
// the samples, so that reading takes one pass and no more memory than the
// samples; Fortran order is read whole and reordered. The shape is
// checked, the memory taken from the budget and the stream's size, if
// known, checked before the data is read.
func readNPYSet(r io.Reader, opt Options, source string, size sizeHint) (*Set, error) {
	h, err := readNPYHeader(r)
	if err != nil {
		return nil, err
	}
	shape, nhwc, err := sampleShape(h.dims, opt.Layout)
	if err == nil {
		err = opt.checkShape(shape)
	}
	if err != nil {
		return nil, err
	}
	if h.fortran && len(h.dims) > 1 {
		a, err := readNPYData(r, h, opt.Limit, opt, size)
		if err != nil {
			return nil, err
		}
		return a.toSet(nil, opt.Layout, source, opt.mem)
	}
	rows := opt.limit(h.dims[0])
	dims := append([]int{rows}, h.dims[1:]...)
	if err := opt.mem.take(mulSize(4, dims...), fmt.Sprintf("%d samples of shape %v as float32", rows, shape)); err != nil {
		return nil, err
	}
	n := int(mulSize(1, dims...))
	if err := size.check(h.offset, h.dataBytes(), int64(n*h.dtype.size)); err != nil {
		return nil, err
	}
	x, err := readFloats(r, h.dtype, n, size.sized())
	if err != nil {
		return nil, err
	}
	if rows == h.dims[0] {
		if err := expectEOF(r, n*h.dtype.size); err != nil {
			return nil, err
		}
	}
	if err := checkFinite(x, dims); err != nil {
		return nil, err
	}
	if nhwc {
		hwcToCHW(x, shape)
	}
	return &Set{X: x, Shape: shape, Source: source, Uint8: h.dtype.isUint8()}, nil
}

// Close closes the file behind a file-backed set, if any.
func (s *Set) Close() error {
	if c, ok := s.Rows.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

package data

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The name parts that mark the files of an IDX folder: MNIST's own names
// and those of its look-alikes (Fashion-MNIST, EMNIST's
// "emnist-letters-train-images-idx3-ubyte").
var (
	trainImagesParts = []string{"train-images"}
	trainLabelsParts = []string{"train-labels"}
	testImagesParts  = []string{"t10k-images", "test-images"}
	testLabelsParts  = []string{"t10k-labels", "test-labels"}
)

// readIDXFileSet reads one IDX file of samples as an unlabelled set.
func readIDXFileSet(path string, opt Options) (*Split, error) {
	s, _, err := idxSet(path, opt, opt.Limit)
	if err != nil {
		return nil, err
	}
	return &Split{Train: s}, nil
}

// idxSet reads the IDX file at path as a set of samples, the first
// dimension counting them: the first rows samples if rows > 0. It also
// returns the number of samples the file declares.
func idxSet(path string, opt Options, rows int) (*Set, int, error) {
	var s *Set
	var declared int
	err := readIDXStream(path, func(in io.Reader, size sizeHint) (err error) {
		s, declared, err = readIDXSet(in, size, path, opt, rows)
		return err
	})
	return s, declared, err
}

// readIDXStream opens the IDX file at path, plain or gzipped, and calls
// read with its decompressed content and what is known of its size.
// Errors are *FileError values naming path.
func readIDXStream(path string, read func(in io.Reader, size sizeHint) error) error {
	f, err := openRegular(path)
	if err != nil {
		return err
	}
	defer f.Close()
	size := fileSize(f)
	in, closeFn, err := maybeGunzip(f)
	if err != nil {
		return &FileError{Path: path, Err: err}
	}
	defer closeFn()
	if isGzip(in) {
		size = unknownSize
	}
	if err := read(in, size); err != nil {
		return &FileError{Path: path, Err: explainByStream(in, err)}
	}
	return nil
}

// readIDXSet reads the samples of the decompressed IDX stream in, of
// size, as idxSet does: the header first, then, once the samples' shape
// is checked, their memory taken from the budget and the size checked,
// the bytes straight into float32 values. Data after the last sample is
// an error unless rows stopped the reading early.
func readIDXSet(in io.Reader, size sizeHint, source string, opt Options, rows int) (*Set, int, error) {
	dims, err := readIDXHeader(in)
	if err != nil {
		return nil, 0, err
	}
	shape, nhwc, err := sampleShape(dims, opt.Layout)
	if err == nil {
		err = opt.checkShape(shape)
	}
	if err != nil {
		return nil, 0, err
	}
	read := slices.Clone(dims)
	if rows > 0 {
		read[0] = min(dims[0], rows)
	}
	if err := opt.mem.take(mulSize(4, read...), fmt.Sprintf("%d samples of shape %v as float32", read[0], shape)); err != nil {
		return nil, 0, err
	}
	n := int(mulSize(1, read...))
	if err := size.check(idxHeaderSize(dims), mulSize(1, dims...), int64(n)); err != nil {
		return nil, 0, err
	}
	x, err := readFloats(in, dtype{kind: 'u', size: 1}, n, size.sized())
	if err != nil {
		return nil, 0, err
	}
	if read[0] == dims[0] {
		if err := expectEOF(in, n); err != nil {
			return nil, 0, err
		}
	}
	if nhwc {
		hwcToCHW(x, shape)
	}
	return &Set{X: x, Shape: shape, Source: source, Uint8: true}, dims[0], nil
}

// byteLabels holds the decimal strings of the byte values.
var byteLabels = func() (l [256]string) {
	for i := range l {
		l[i] = strconv.Itoa(i)
	}
	return l
}()

// idxLabels reads the IDX label file at path, which must declare one
// label per sample of the file s was read from (declared samples), and
// returns the labels of s's samples, the first ones.
func idxLabels(path string, s *Set, declared int, opt Options) ([]string, error) {
	var labels []string
	err := readIDXStream(path, func(in io.Reader, size sizeHint) error {
		dims, err := readIDXHeader(in)
		if err != nil {
			return err
		}
		if len(dims) != 1 {
			return fmt.Errorf("labels have %d dimensions, want 1", len(dims))
		}
		if dims[0] != declared {
			return fmt.Errorf("%d labels, but %s holds %d samples", dims[0], s.Source, declared)
		}
		if err := size.check(idxHeaderSize(dims), int64(declared), int64(s.Len())); err != nil {
			return err
		}
		labels, err = readByteLabels(in, s.Len(), declared, opt.mem)
		return err
	})
	return labels, err
}

// readByteLabels reads n labels, one byte each, of the declared ones
// from in; data after them is an error if n is all of them.
func readByteLabels(in io.Reader, n, declared int, mem *budget) ([]string, error) {
	if err := mem.take(mulSize(17, n), fmt.Sprintf("%d labels", n)); err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if err := readFull(in, b); err != nil {
		return nil, err
	}
	if n == declared {
		if err := expectEOF(in, n); err != nil {
			return nil, err
		}
	}
	labels := make([]string, n)
	for i, v := range b {
		labels[i] = byteLabels[v]
	}
	return labels, nil
}

// isIDXDir reports whether dir holds a file named like the training
// images of an IDX folder.
func isIDXDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") && containsAny(e.Name(), trainImagesParts) {
			return true
		}
	}
	return false
}

// containsAny reports whether name contains one of parts.
func containsAny(name string, parts []string) bool {
	return slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(name, p) })
}

// readIDXDir reads an IDX folder: training images and, if present,
// training labels, test images and test labels.
func readIDXDir(dir string, opt Options) (*Split, error) {
	var split Split
	var err error
	if split.Train, err = readIDXPair(dir, trainImagesParts, trainLabelsParts, opt, opt.Limit); err != nil {
		return nil, err
	}
	if split.Train == nil {
		return nil, &FileError{Path: filepath.Join(dir, TrainImagesFile), Err: fmt.Errorf("%w: no training images file", os.ErrNotExist)}
	}
	if split.Test, err = readIDXPair(dir, testImagesParts, testLabelsParts, opt, 0); err != nil {
		return nil, err
	}
	if split.Test != nil && !slices.Equal(split.Test.Shape, split.Train.Shape) {
		return nil, &FileError{Path: split.Test.Source, Err: fmt.Errorf("samples of shape %v, but those of %s are %v",
			split.Test.Shape, split.Train.Source, split.Train.Shape)}
	}
	return &split, nil
}

// readIDXPair reads the images file of dir named with one of imageParts
// and its labels file, if any, the first rows samples if rows > 0; it
// returns nil if there is no images file.
func readIDXPair(dir string, imageParts, labelParts []string, opt Options, rows int) (*Set, error) {
	ip, err := findIDX(dir, imageParts)
	if err != nil || ip == "" {
		return nil, err
	}
	s, declared, err := idxSet(ip, opt, rows)
	if err != nil {
		return nil, err
	}
	lp, err := findIDX(dir, labelParts)
	if err != nil || lp == "" {
		return s, err
	}
	if s.Labels, err = idxLabels(lp, s, declared, opt); err != nil {
		return nil, err
	}
	return s, nil
}

// findIDX returns the path of the file of dir whose name holds one of
// parts, or "" if there is none. A plain file is preferred to its ".gz"
// twin; two different files are an error naming both.
func findIDX(dir string, parts []string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fileError(dir, err)
	}
	var found []string // base names without .gz, sorted by ReadDir
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !containsAny(name, parts) {
			continue
		}
		base := strings.TrimSuffix(name, ".gz")
		if !slices.Contains(found, base) {
			found = append(found, base)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return findFile(dir, found[0])
	}
	return "", &FileError{Path: filepath.Join(dir, found[1]), Err: fmt.Errorf("which of %s and %s? both match %s", found[0], found[1], strings.Join(parts, " or "))}
}

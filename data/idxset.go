package data

import (
	"fmt"
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
	s, err := idxSet(path, opt)
	if err != nil {
		return nil, err
	}
	return &Split{Train: s}, nil
}

// idxSet reads the IDX file at path as a set of samples, the first
// dimension counting them.
func idxSet(path string, opt Options) (*Set, error) {
	m, err := ReadIDXFile(path)
	if err != nil {
		return nil, err
	}
	shape, nhwc, err := sampleShape(m.Dims, opt.Layout)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	x := make([]float32, len(m.Data))
	for i, b := range m.Data {
		x[i] = float32(b)
	}
	if nhwc {
		hwcToCHW(x, shape)
	}
	return &Set{X: x, Shape: shape, Source: path, Uint8: true}, nil
}

// byteLabels holds the decimal strings of the byte values.
var byteLabels = func() (l [256]string) {
	for i := range l {
		l[i] = strconv.Itoa(i)
	}
	return l
}()

// idxLabels reads the IDX label file at path, which must hold one label
// per sample of s.
func idxLabels(path string, s *Set) ([]string, error) {
	m, err := ReadIDXFile(path)
	if err != nil {
		return nil, err
	}
	if len(m.Dims) != 1 {
		return nil, &FileError{Path: path, Err: fmt.Errorf("labels have %d dimensions, want 1", len(m.Dims))}
	}
	if m.Dims[0] != s.Len() {
		return nil, &FileError{Path: path, Err: fmt.Errorf("%d labels, but %s holds %d samples", m.Dims[0], s.Source, s.Len())}
	}
	labels := make([]string, len(m.Data))
	for i, b := range m.Data {
		labels[i] = byteLabels[b]
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
	if split.Train, err = readIDXPair(dir, trainImagesParts, trainLabelsParts, opt); err != nil {
		return nil, err
	}
	if split.Train == nil {
		return nil, &FileError{Path: filepath.Join(dir, TrainImagesFile), Err: fmt.Errorf("%w: no training images file", os.ErrNotExist)}
	}
	if split.Test, err = readIDXPair(dir, testImagesParts, testLabelsParts, opt); err != nil {
		return nil, err
	}
	if split.Test != nil && !slices.Equal(split.Test.Shape, split.Train.Shape) {
		return nil, &FileError{Path: split.Test.Source, Err: fmt.Errorf("samples of shape %v, but those of %s are %v",
			split.Test.Shape, split.Train.Source, split.Train.Shape)}
	}
	return &split, nil
}

// readIDXPair reads the images file of dir named with one of imageParts
// and its labels file, if any; it returns nil if there is no images file.
func readIDXPair(dir string, imageParts, labelParts []string, opt Options) (*Set, error) {
	ip, err := findIDX(dir, imageParts)
	if err != nil || ip == "" {
		return nil, err
	}
	s, err := idxSet(ip, opt)
	if err != nil {
		return nil, err
	}
	lp, err := findIDX(dir, labelParts)
	if err != nil || lp == "" {
		return s, err
	}
	if s.Labels, err = idxLabels(lp, s); err != nil {
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

package data

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// readNPZFile reads the arrays of a NumPy .npz archive at path:
// x_train, y_train, x_test and y_test (the names of Keras's mnist.npz),
// or x and y, or its only array. The y arrays are labels.
func readNPZFile(path string, opt Options) (*Split, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fileError(path, err)
	}
	split, err := readNPZ(f, fi.Size(), path, opt)
	if err != nil {
		return nil, fileError(path, err)
	}
	return split, nil
}

// readNPZ reads the arrays of an .npz archive of size bytes from r.
func readNPZ(r io.ReaderAt, size int64, source string, opt Options) (*Split, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip archive: %w", ErrCorrupt, err)
	}
	members := make(map[string]*zip.File) // name without .npy -> the first member of that name
	var names []string
	for _, f := range z.File {
		name := strings.TrimSuffix(f.Name, ".npy")
		if members[name] == nil {
			members[name] = f
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var xTrain, yTrain, xTest, yTest *zip.File
	switch {
	case members["x_train"] != nil:
		xTrain, yTrain, xTest, yTest = members["x_train"], members["y_train"], members["x_test"], members["y_test"]
	case members["x"] != nil:
		xTrain, yTrain = members["x"], members["y"]
	case len(names) == 1:
		xTrain = members[names[0]]
	default:
		return nil, fmt.Errorf("npz: holds arrays %s; want x_train (with y_train, x_test, y_test) or x (with y), or a single array",
			strings.Join(names, ", "))
	}
	if yTrain == nil && yTest != nil || xTest == nil && yTest != nil {
		return nil, fmt.Errorf("npz: holds arrays %s: test labels without training labels or test samples", strings.Join(names, ", "))
	}
	var split Split
	if split.Train, err = readNPZSet(xTrain, yTrain, size, source, opt, opt.Limit); err != nil {
		return nil, err
	}
	if xTest != nil {
		if split.Test, err = readNPZSet(xTest, yTest, size, source, opt, 0); err != nil {
			return nil, err
		}
		if !slices.Equal(split.Test.Shape, split.Train.Shape) {
			return nil, fmt.Errorf("npz: %s samples have shape %v but %s samples %v", xTest.Name, split.Test.Shape, xTrain.Name, split.Train.Shape)
		}
	}
	return &split, nil
}

// readNPZSet reads the samples of member x and, if y is not nil, their
// labels from member y, of an archive of size bytes: the first rows of
// each if rows > 0.
func readNPZSet(x, y *zip.File, size int64, source string, opt Options, rows int) (*Set, error) {
	xa, err := readNPZEntry(x, size, rows, opt)
	if err != nil {
		return nil, err
	}
	var labels []string
	if y != nil {
		ya, err := readNPZEntry(y, size, rows, Options{mem: opt.mem})
		if err != nil {
			return nil, err
		}
		if ya.declared != xa.declared {
			return nil, fmt.Errorf("npz: %s: %d labels for %d samples (%s)", x.Name, ya.declared, xa.declared, y.Name)
		}
		if labels, err = ya.labelStrings(opt.mem); err != nil {
			return nil, fmt.Errorf("npz: %s: %w", y.Name, err)
		}
	}
	s, err := xa.toSet(labels, opt.Layout, source, opt.mem)
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %w", x.Name, err)
	}
	return s, nil
}

// readNPZEntry reads the array of member f of an archive of size bytes,
// its first rows rows if rows > 0, checking the shape of its samples
// with opt and the size of the member that the archive's directory gives
// before it reads them.
func readNPZEntry(f *zip.File, size int64, rows int, opt Options) (*array, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, streamError(err))
	}
	defer rc.Close()
	h, err := readNPYHeaderFor(rc, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	a, err := readNPYData(rc, h, rows, opt, memberSize(f, size))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return a, nil
}

// memberSize returns the size of member f of an archive of size bytes,
// as the archive's directory gives it: exact for a stored member that
// fits in the archive, a claim checked at the end of the data for a
// compressed one.
func memberSize(f *zip.File, size int64) sizeHint {
	n := f.UncompressedSize64
	if n > math.MaxInt64 {
		return unknownSize
	}
	exact := f.Method == zip.Store && f.CompressedSize64 == n && n <= uint64(size)
	return sizeHint{bytes: int64(n), what: "the archive's directory says the member", exact: exact}
}

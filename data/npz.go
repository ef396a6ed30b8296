package data

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"codeberg.org/sbinet/npyio/npz"
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
	z, err := npz.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip archive: %w", ErrCorrupt, err)
	}
	keys := make(map[string]string) // name without .npy -> entry name
	var names []string
	for _, k := range z.Keys() {
		name := strings.TrimSuffix(k, ".npy")
		keys[name] = k
		names = append(names, name)
	}
	slices.Sort(names)
	var xTrain, yTrain, xTest, yTest string
	switch {
	case keys["x_train"] != "":
		xTrain, yTrain, xTest, yTest = "x_train", "y_train", "x_test", "y_test"
	case keys["x"] != "":
		xTrain, yTrain = "x", "y"
	case len(names) == 1:
		xTrain = names[0]
	default:
		return nil, fmt.Errorf("npz: holds arrays %s; want x_train (with y_train, x_test, y_test) or x (with y), or a single array",
			strings.Join(names, ", "))
	}
	if keys[yTrain] == "" && keys[yTest] != "" || keys[xTest] == "" && keys[yTest] != "" {
		return nil, fmt.Errorf("npz: holds arrays %s: test labels without training labels or test samples", strings.Join(names, ", "))
	}
	read := func(x, y string, rows int) (*Set, error) {
		return readNPZSet(z, keys[x], keys[y], source, opt, rows)
	}
	var split Split
	if split.Train, err = read(xTrain, yTrain, opt.Limit); err != nil {
		return nil, err
	}
	if keys[xTest] != "" {
		if split.Test, err = read(xTest, yTest, 0); err != nil {
			return nil, err
		}
		if !slices.Equal(split.Test.Shape, split.Train.Shape) {
			return nil, fmt.Errorf("npz: %s samples have shape %v but %s samples %v", keys[xTest], split.Test.Shape, keys[xTrain], split.Train.Shape)
		}
	}
	return &split, nil
}

// readNPZSet reads the samples of entry x and, if y is not "", their
// labels from entry y: the first rows of each if rows > 0.
func readNPZSet(z *npz.Reader, x, y, source string, opt Options, rows int) (*Set, error) {
	xa, err := readNPZEntry(z, x, rows, opt)
	if err != nil {
		return nil, err
	}
	var labels []string
	if y != "" {
		ya, err := readNPZEntry(z, y, rows, Options{mem: opt.mem})
		if err != nil {
			return nil, err
		}
		if ya.declared != xa.declared {
			return nil, fmt.Errorf("npz: %s: %d labels for %d samples (%s)", x, ya.declared, xa.declared, y)
		}
		if labels, err = ya.labelStrings(opt.mem); err != nil {
			return nil, fmt.Errorf("npz: %s: %w", y, err)
		}
	}
	s, err := xa.toSet(labels, opt.Layout, source, opt.mem)
	if err != nil {
		return nil, fmt.Errorf("npz: %s: %w", x, err)
	}
	return s, nil
}

// readNPZEntry reads the array of one entry of the archive, its first
// rows rows if rows > 0, checking the shape of its samples with opt
// before it reads them.
func readNPZEntry(z *npz.Reader, name string, rows int, opt Options) (*array, error) {
	rc, err := z.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, streamError(err))
	}
	defer rc.Close()
	a, err := readNPY(rc, rows, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return a, nil
}

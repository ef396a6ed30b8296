package data

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The standard MNIST file names. Each file may also carry a ".gz" suffix.
const (
	TrainImagesFile = "train-images-idx3-ubyte"
	TrainLabelsFile = "train-labels-idx1-ubyte"
	TestImagesFile  = "t10k-images-idx3-ubyte"
	TestLabelsFile  = "t10k-labels-idx1-ubyte"
)

// Images holds N grayscale images of Rows×Cols pixels.
type Images struct {
	N, Rows, Cols int
	// Pixels holds N*Rows*Cols values in [0, 1], image after image,
	// each image in row-major order.
	Pixels []float32
}

// Dim returns the number of pixels in one image, Rows*Cols.
func (im *Images) Dim() int { return im.Rows * im.Cols }

// Row returns the pixels of image i, sharing memory with im.Pixels.
// It panics if i is not in [0, N), as indexing a slice would.
func (im *Images) Row(i int) []float32 {
	d := im.Dim()
	return im.Pixels[i*d : (i+1)*d : (i+1)*d]
}

// Head returns the first n images, sharing memory with im. If n <= 0 or
// n >= N, Head returns im itself.
func (im *Images) Head(n int) *Images {
	if n <= 0 || n >= im.N {
		return im
	}
	size := n * im.Dim()
	return &Images{N: n, Rows: im.Rows, Cols: im.Cols, Pixels: im.Pixels[:size:size]}
}

// MNIST holds the training and test sets of the MNIST database.
type MNIST struct {
	Train, Test             *Images
	TrainLabels, TestLabels []uint8
}

// OpenMNIST loads MNIST from dir, or from the bundled copy
// (BundledMNISTDir) when dir is empty, and returns the folder it read.
func OpenMNIST(dir string) (*MNIST, string, error) {
	if dir == "" {
		d, err := BundledMNISTDir()
		if err != nil {
			return nil, "", err
		}
		dir = d
	}
	m, err := LoadMNIST(dir)
	return m, dir, err
}

// LoadMNIST reads the four standard MNIST files from dir: for each name,
// the plain file if it exists, else the one with a ".gz" suffix. Image
// files must have 3 dimensions, label files 1, and each label file must
// have one label per image. Every error is a [*FileError] naming the file
// at fault.
//
// Deprecated: use Open (or OpenOrMNIST), which reads MNIST folders as
// Sets with labels, as every other kind of data.
func LoadMNIST(dir string) (*MNIST, error) {
	var m MNIST
	var err error
	var trainPath, testPath string
	if m.Train, trainPath, err = loadImagesIn(dir, TrainImagesFile); err != nil {
		return nil, err
	}
	if m.TrainLabels, err = loadLabelsIn(dir, TrainLabelsFile, m.Train.N, trainPath); err != nil {
		return nil, err
	}
	if m.Test, testPath, err = loadImagesIn(dir, TestImagesFile); err != nil {
		return nil, err
	}
	if m.Test.Rows != m.Train.Rows || m.Test.Cols != m.Train.Cols {
		return nil, &FileError{Path: testPath, Err: fmt.Errorf("images are %dx%d but those of %s are %dx%d",
			m.Test.Rows, m.Test.Cols, trainPath, m.Train.Rows, m.Train.Cols)}
	}
	if m.TestLabels, err = loadLabelsIn(dir, TestLabelsFile, m.Test.N, testPath); err != nil {
		return nil, err
	}
	return &m, nil
}

// loadImagesIn loads the image file called name, plain or gzipped, from dir
// and returns it with its path.
func loadImagesIn(dir, name string) (*Images, string, error) {
	path, err := findFile(dir, name)
	if err != nil {
		return nil, "", err
	}
	im, err := LoadImages(path)
	return im, path, err
}

// loadLabelsIn loads the label file called name, plain or gzipped, from
// dir, and checks that it holds n labels, one per image of imagesPath.
func loadLabelsIn(dir, name string, n int, imagesPath string) ([]uint8, error) {
	path, err := findFile(dir, name)
	if err != nil {
		return nil, err
	}
	m, err := ReadIDXFile(path)
	if err != nil {
		return nil, err
	}
	if len(m.Dims) != 1 {
		return nil, &FileError{Path: path, Err: fmt.Errorf("labels have %d dimensions, want 1", len(m.Dims))}
	}
	if m.Dims[0] != n {
		return nil, &FileError{Path: path, Err: fmt.Errorf("%d labels, but %s holds %d images", m.Dims[0], imagesPath, n)}
	}
	return m.Data, nil
}

// findFile returns the path of the file called name in dir, or failing
// that of name+".gz".
func findFile(dir, name string) (string, error) {
	plain := filepath.Join(dir, name)
	if _, err := os.Stat(plain); err == nil {
		return plain, nil
	}
	gz := plain + ".gz"
	if _, err := os.Stat(gz); err == nil {
		return gz, nil
	}
	return "", &FileError{Path: plain, Err: fmt.Errorf("%w (nor %s.gz)", fs.ErrNotExist, name)}
}

// LoadImages reads one IDX image file, plain or gzipped, of 3 dimensions:
// images, rows and columns. It scales each pixel byte x to x/255.
func LoadImages(path string) (*Images, error) {
	m, err := ReadIDXFile(path)
	if err != nil {
		return nil, err
	}
	if len(m.Dims) != 3 {
		return nil, &FileError{Path: path, Err: fmt.Errorf("images have %d dimensions, want 3", len(m.Dims))}
	}
	px := make([]float32, len(m.Data))
	for i, b := range m.Data {
		px[i] = float32(b) / 255
	}
	return &Images{N: m.Dims[0], Rows: m.Dims[1], Cols: m.Dims[2], Pixels: px}, nil
}

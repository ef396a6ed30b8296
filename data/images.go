package data

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	stddraw "image/draw"
	_ "image/jpeg" // registers JPEG with image.Decode
	_ "image/png"  // registers PNG with image.Decode
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/draw"
)

// ErrNotImage reports a file in an image folder that is not a PNG or JPEG
// image, or a damaged one.
var ErrNotImage = errors.New("not a PNG or JPEG image")

// An imageFile is an image of a folder and its label ("" if none).
type imageFile struct {
	path, label string
}

// A decoded image holds 8-bit pixels, one byte each if the image is grey
// (every pixel has R = G = B), else R, G, B bytes.
type decoded struct {
	w, h   int
	colour bool
	pix    []byte
}

// readImageDir reads a folder of PNG and JPEG images. Images in
// sub-folders (at any depth) are labelled with the name of the sub-folder
// of dir they are in, as torchvision's ImageFolder does; images directly
// in dir are unlabelled; a folder holding both is an error. A folder whose
// only sub-folders are "train" and "test" gives a training and a test
// set, each read as a folder of its own.
func readImageDir(dir string, opt Options) (*Split, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileError(dir, err)
	}
	if isTrainTestDir(entries) {
		train, err := listImages(filepath.Join(dir, "train"))
		if err != nil {
			return nil, err
		}
		test, err := listImages(filepath.Join(dir, "test"))
		if err != nil {
			return nil, err
		}
		train = train[:opt.limit(len(train))]
		sets, err := loadImages(dir, [][]imageFile{train, test}, []string{filepath.Join(dir, "train"), filepath.Join(dir, "test")}, opt)
		if err != nil {
			return nil, err
		}
		return &Split{Train: sets[0], Test: sets[1]}, nil
	}
	files, err := listImages(dir)
	if err != nil {
		return nil, err
	}
	files = files[:opt.limit(len(files))]
	sets, err := loadImages(dir, [][]imageFile{files}, []string{dir}, opt)
	if err != nil {
		return nil, err
	}
	return &Split{Train: sets[0]}, nil
}

// isTrainTestDir reports whether entries are exactly the folders "train"
// and "test", hidden entries aside.
func isTrainTestDir(entries []fs.DirEntry) bool {
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if !e.IsDir() {
			return false
		}
		names = append(names, e.Name())
	}
	return len(names) == 2 && names[0] == "test" && names[1] == "train"
}

// listImages lists the files of an image folder, sorted by path, with
// their labels. Hidden files and folders (".name") are skipped; anything
// else that is not a regular file or a symlink to one (a FIFO, a device,
// a symlink to a folder) is an error naming it.
func listImages(dir string) ([]imageFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileError(dir, err)
	}
	var loose, classed []imageFile
	var class string // the first class folder, for the error message
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		if !e.IsDir() {
			if err := statRegular(path); err != nil {
				return nil, err
			}
			loose = append(loose, imageFile{path: path})
			continue
		}
		if class == "" {
			class = name
		}
		err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != path {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if err := statRegular(p); err != nil {
				return err
			}
			classed = append(classed, imageFile{path: p, label: name})
			return nil
		})
		if err != nil {
			return nil, fileError(path, err)
		}
	}
	if len(loose) > 0 && len(classed) > 0 {
		return nil, &FileError{Path: dir, Err: fmt.Errorf("holds both loose files (%s) and class folders (%s); put every image in a class folder, or none",
			filepath.Base(loose[0].path), class)}
	}
	if len(loose)+len(classed) == 0 {
		return nil, &FileError{Path: dir, Err: fmt.Errorf("%w: no images in the folder", ErrNoData)}
	}
	return append(loose, classed...), nil
}

// statRegular returns an error naming path unless it is a regular file
// or a symlink to one.
func statRegular(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fileError(path, err)
	}
	return checkRegular(path, fi)
}

// loadImages decodes the images of each group of the folder dir and makes
// a set of each, with sources names. All images get one number of
// channels and, unless resized, must have one size. Their headers are
// read and checked (sizes, memory, shape) before any image is decoded.
func loadImages(dir string, groups [][]imageFile, names []string, opt Options) ([]*Set, error) {
	var all []imageFile
	for _, g := range groups {
		all = append(all, g...)
	}
	cfgs, err := readConfigs(all)
	if err != nil {
		return nil, err
	}
	workers, checked, err := checkHeaders(dir, all, cfgs, opt)
	if err != nil {
		return nil, err
	}
	imgs, err := decodeFiles(all, opt, workers)
	if err != nil {
		return nil, err
	}
	channels := opt.Channels
	if channels == 0 {
		channels = 1
		for _, im := range imgs {
			if im.colour {
				channels = 3
				break
			}
		}
	}
	for i, im := range imgs {
		if im.w != imgs[0].w || im.h != imgs[0].h {
			return nil, &FileError{Path: all[i].path, Err: fmt.Errorf("%w: %dx%d, but %s is %dx%d; give a height and width to resize them to",
				ErrSizeMismatch, im.w, im.h, all[0].path, imgs[0].w, imgs[0].h)}
		}
	}
	if !checked {
		if err := opt.checkShape([]int{channels, imgs[0].h, imgs[0].w}); err != nil {
			return nil, &FileError{Path: dir, Err: err}
		}
	}
	sets := make([]*Set, len(groups))
	for g, files := range groups {
		s := &Set{Shape: []int{channels, imgs[0].h, imgs[0].w}, Source: names[g], Uint8: true}
		size := s.Size()
		s.X = make([]float32, len(files)*size)
		for i, f := range files {
			imgs[i].put(s.X[i*size:(i+1)*size], channels)
			if f.label != "" {
				if s.Labels == nil {
					s.Labels = make([]string, len(files))
				}
				s.Labels[i] = f.label
			}
		}
		imgs = imgs[len(files):]
		sets[g] = s
	}
	return sets, nil
}

// decodeFiles decodes the files on up to workers goroutines and returns
// the images in the order of files, or the error of the first file that
// fails.
func decodeFiles(files []imageFile, opt Options, workers int) ([]decoded, error) {
	imgs := make([]decoded, len(files))
	err := parallel(len(files), workers, func(i int) error {
		var err error
		imgs[i], err = decodeFile(files[i].path, opt.Width, opt.Height)
		return err
	})
	if err != nil {
		return nil, err
	}
	return imgs, nil
}

// decodeFile decodes the image file at path, resized to w x h if w > 0.
func decodeFile(path string, w, h int) (decoded, error) {
	f, err := openRegular(path)
	if err != nil {
		return decoded{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return decoded{}, fileError(path, err)
	}
	im, err := decodeImage(b, w, h)
	if err != nil {
		return decoded{}, &FileError{Path: path, Err: err}
	}
	return im, nil
}

// maxPixels bounds the size of an image, so a header cannot ask for an
// absurd allocation; maxPixelsText says it for messages.
const (
	maxPixels     = 1 << 28
	maxPixelsText = "16384x16384"
)

// decodeImage decodes a PNG or JPEG image, resized to w x h if w > 0.
func decodeImage(b []byte, w, h int) (decoded, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return decoded{}, fmt.Errorf("%w: %w", ErrNotImage, err)
	}
	if err := checkConfig(cfg, format); err != nil {
		return decoded{}, err
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return decoded{}, fmt.Errorf("%w: %w", ErrNotImage, err)
	}
	r := src.Bounds()
	if w > 0 && (r.Dx() != w || r.Dy() != h) {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, r, draw.Src, nil)
		return fromRGBA(dst), nil
	}
	switch src.(type) {
	case *image.Gray, *image.Gray16:
		g := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
		stddraw.Draw(g, g.Bounds(), src, r.Min, stddraw.Src)
		pix := make([]byte, 0, r.Dx()*r.Dy())
		for y := range r.Dy() {
			pix = append(pix, g.Pix[y*g.Stride:y*g.Stride+r.Dx()]...)
		}
		return decoded{w: r.Dx(), h: r.Dy(), pix: pix}, nil
	}
	rgba := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	stddraw.Draw(rgba, rgba.Bounds(), src, r.Min, stddraw.Src)
	return fromRGBA(rgba), nil
}

// fromRGBA takes the pixels of m, dropping alpha (colours over black):
// one byte a pixel if m is grey, else three.
func fromRGBA(m *image.RGBA) decoded {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	d := decoded{w: w, h: h}
	for y := 0; y < h && !d.colour; y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for x := 0; x < 4*w; x += 4 {
			if row[x] != row[x+1] || row[x] != row[x+2] {
				d.colour = true
				break
			}
		}
	}
	per := 1
	if d.colour {
		per = 3
	}
	d.pix = make([]byte, 0, per*w*h)
	for y := range h {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for x := 0; x < 4*w; x += 4 {
			d.pix = append(d.pix, row[x:x+per]...)
		}
	}
	return d
}

// put writes the image into dst, channels first, with c channels: grey
// repeated in each of 3 channels, or colour made grey (ITU-R 601-2 luma,
// rounded as PIL's convert("L") does).
func (d *decoded) put(dst []float32, c int) {
	n := d.w * d.h
	switch {
	case !d.colour:
		for k := range c {
			for i, v := range d.pix {
				dst[k*n+i] = float32(v)
			}
		}
	case c == 3:
		for i := range n {
			dst[i] = float32(d.pix[3*i])
			dst[n+i] = float32(d.pix[3*i+1])
			dst[2*n+i] = float32(d.pix[3*i+2])
		}
	default:
		for i := range n {
			r, g, b := uint32(d.pix[3*i]), uint32(d.pix[3*i+1]), uint32(d.pix[3*i+2])
			dst[i] = float32((19595*r + 38470*g + 7471*b + 1<<15) >> 16)
		}
	}
}

package data

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"runtime"
	"sync"
)

// An imageConfig is what the header of an image file says.
type imageConfig struct {
	w, h  int
	grey  bool  // a grey colour model: one byte a pixel
	bytes int64 // the file's size
}

// decodeBytes bounds the memory decoding an image of one pixel takes at
// once: the decoder's image (up to 8 bytes a pixel for 16-bit RGBA) and
// its RGBA copy.
const decodeBytes = 12

// readConfigs reads the header of each file, on GOMAXPROCS goroutines,
// and checks that the image is a PNG or JPEG of at most maxPixels pixels.
func readConfigs(files []imageFile) ([]imageConfig, error) {
	cfgs := make([]imageConfig, len(files))
	err := parallel(len(files), runtime.GOMAXPROCS(0), func(i int) error {
		var err error
		cfgs[i], err = readConfig(files[i].path)
		return err
	})
	return cfgs, err
}

// readConfig reads the header of the image file at path.
func readConfig(path string) (imageConfig, error) {
	f, err := openRegular(path)
	if err != nil {
		return imageConfig{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return imageConfig{}, fileError(path, err)
	}
	cfg, format, err := image.DecodeConfig(bufio.NewReader(f))
	if err != nil {
		return imageConfig{}, &FileError{Path: path, Err: fmt.Errorf("%w: %w", ErrNotImage, err)}
	}
	if err := checkConfig(cfg, format); err != nil {
		return imageConfig{}, &FileError{Path: path, Err: err}
	}
	grey := cfg.ColorModel == color.GrayModel || cfg.ColorModel == color.Gray16Model
	return imageConfig{w: cfg.Width, h: cfg.Height, grey: grey, bytes: fi.Size()}, nil
}

// checkConfig checks an image's format and size.
func checkConfig(cfg image.Config, format string) error {
	if format != "png" && format != "jpeg" {
		return fmt.Errorf("%w: a %s image", ErrNotImage, format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("%w: %dx%d pixels", ErrNotImage, cfg.Width, cfg.Height)
	}
	if cfg.Width > maxPixels/cfg.Height {
		return fmt.Errorf("an image of %dx%d pixels: %d pixels, more than the %d (%s) the readers decode",
			cfg.Width, cfg.Height, mulSize(1, cfg.Width, cfg.Height), maxPixels, maxPixelsText)
	}
	return nil
}

// checkSizes checks that the images, unless resized, have one size.
func checkSizes(files []imageFile, cfgs []imageConfig, opt Options) error {
	if opt.Width > 0 {
		return nil
	}
	for i, c := range cfgs {
		if c.w != cfgs[0].w || c.h != cfgs[0].h {
			return &FileError{Path: files[i].path, Err: fmt.Errorf("%w: %dx%d, but %s is %dx%d; give a height and width to resize them to",
				ErrSizeMismatch, c.w, c.h, files[0].path, cfgs[0].w, cfgs[0].h)}
		}
	}
	return nil
}

// knownChannels returns the number of channels the images will have, or
// 0 if that depends on their pixels.
func knownChannels(cfgs []imageConfig, opt Options) int {
	if opt.Channels != 0 {
		return opt.Channels
	}
	for _, c := range cfgs {
		if !c.grey {
			return 0
		}
	}
	return 1
}

// imagesBytes bounds the memory reading the images takes: held, each
// image's decoded bytes and float32 values, kept until the end, and peak,
// the decoding of one image (its file, the decoder's image and copies).
// Counts that overflow are -1.
func imagesBytes(cfgs []imageConfig, opt Options) (held, peak int64) {
	channels := int64(knownChannels(cfgs, opt))
	if channels == 0 {
		channels = 3
	}
	for _, c := range cfgs {
		w, h := c.w, c.h
		if opt.Width > 0 {
			w, h = opt.Width, opt.Height
		}
		per := int64(3)
		if c.grey {
			per = 1
		}
		held = addSize(held, mulSize(per+4*channels, w, h))
		decode := addSize(c.bytes, mulSize(decodeBytes, c.w, c.h))
		if opt.Width > 0 {
			decode = addSize(decode, mulSize(4, w, h))
		}
		if decode < 0 || peak >= 0 && decode > peak {
			peak = decode
		}
	}
	return held, peak
}

// decodeWorkers returns how many images may be decoded at once: up to
// GOMAXPROCS, as many as the budget left once held is taken has room
// for, at least one.
func decodeWorkers(n int, held, peak, left int64) int {
	w := min(runtime.GOMAXPROCS(0), n)
	if held >= 0 && peak > 0 {
		w = int(min(int64(w), (left-held)/peak))
	}
	return max(w, 1)
}

// checkHeaders checks the images' headers before any is decoded: their
// sizes, the memory they take against the budget, and their shape with
// opt.CheckShape where their number of channels is known. It returns how
// many images may be decoded at once, and whether the shape was checked.
func checkHeaders(dir string, files []imageFile, cfgs []imageConfig, opt Options) (workers int, checked bool, err error) {
	if err := checkSizes(files, cfgs, opt); err != nil {
		return 0, false, err
	}
	what := fmt.Sprintf("%d images of %dx%d pixels", len(cfgs), cfgs[0].w, cfgs[0].h)
	if opt.Width > 0 {
		what = fmt.Sprintf("%d images resized to %dx%d pixels", len(cfgs), opt.Height, opt.Width)
	}
	held, peak := imagesBytes(cfgs, opt)
	workers = decodeWorkers(len(cfgs), held, peak, opt.mem.available())
	if err := opt.mem.take(addSize(held, mulSize(peak, workers)), what); err != nil {
		return 0, false, &FileError{Path: dir, Err: err}
	}
	c := knownChannels(cfgs, opt)
	if c == 0 {
		return workers, false, nil
	}
	h, w := cfgs[0].h, cfgs[0].w
	if opt.Width > 0 {
		h, w = opt.Height, opt.Width
	}
	if err := opt.checkShape([]int{c, h, w}); err != nil {
		return 0, false, &FileError{Path: dir, Err: err}
	}
	return workers, true, nil
}

// parallel calls f(0), ..., f(n-1) on up to workers goroutines and
// returns the error of the first i that fails.
func parallel(n, workers int, f func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				errs[i] = f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

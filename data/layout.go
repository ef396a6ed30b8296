package data

import (
	"fmt"
	"strings"
)

// The layouts of 4-dimensional arrays, for [Options.Layout].
const (
	// LayoutNHWC is (samples, height, width, channels), the order of
	// NumPy images and of Keras. It is the default.
	LayoutNHWC = "nhwc"
	// LayoutNCHW is (samples, channels, height, width), the order of
	// PyTorch and of this module.
	LayoutNCHW = "nchw"
)

// sampleShape returns the shape of one sample of an array whose first
// dimension counts the samples, and whether each sample's values must be
// moved from (H, W, C) to (C, H, W) order:
//
//	(N)          -> (1)
//	(N, D)       -> (D)
//	(N, H, W)    -> (1, H, W)
//	(N, H, W, C) -> (C, H, W), moved     (layout "nhwc" or "")
//	(N, C, H, W) -> (C, H, W)            (layout "nchw")
func sampleShape(dims []int, layout string) (shape []int, nhwc bool, err error) {
	switch strings.ToLower(layout) {
	case "", LayoutNHWC:
		nhwc = true
	case LayoutNCHW:
	default:
		return nil, false, fmt.Errorf("data: unknown layout %q; want %q or %q", layout, LayoutNHWC, LayoutNCHW)
	}
	switch len(dims) {
	case 1:
		shape = []int{1}
	case 2:
		shape = []int{dims[1]}
	case 3:
		shape = []int{1, dims[1], dims[2]}
	case 4:
		shape = []int{dims[1], dims[2], dims[3]}
		if nhwc {
			shape, nhwc = []int{dims[3], dims[1], dims[2]}, dims[3] > 1
		}
	default:
		return nil, false, fmt.Errorf("data: array of shape %v: want 1 to 4 dimensions, samples first", dims)
	}
	if len(dims) < 4 {
		nhwc = false
	}
	// One sample as float32 must fit in memory, even of no samples.
	if err := fitsMemory(mulSize(4, shape...), fmt.Sprintf("one sample of shape %v", shape)); err != nil {
		return nil, false, err
	}
	return shape, nhwc, nil
}

// hwcToCHW moves the values of samples of shape (H, W, C) in x to
// (C, H, W) order, one sample at a time; shape is (C, H, W).
func hwcToCHW(x []float32, shape []int) {
	c, h, w := shape[0], shape[1], shape[2]
	size := c * h * w
	if size == 0 || len(x) < size {
		return // no samples: nothing to move, nothing to allocate
	}
	tmp := make([]float32, size)
	for s := 0; s+size <= len(x); s += size {
		sample := x[s : s+size]
		copy(tmp, sample)
		for p := range h * w {
			for k := range c {
				sample[k*h*w+p] = tmp[p*c+k]
			}
		}
	}
}

package data

import (
	"fmt"
	"strconv"
	"strings"
)

// OpenOrMNIST is Open, with the bundled MNIST (BundledMNISTDir) when path
// is empty; it also returns the path it read.
func OpenOrMNIST(path string, opt Options) (*Split, string, error) {
	if path == "" {
		dir, err := BundledMNISTDir()
		if err != nil {
			return nil, "", err
		}
		path = dir
	}
	s, err := Open(path, opt)
	return s, path, err
}

// ParseSize parses an image size written HxW, such as 64x64.
func ParseSize(s string) (h, w int, err error) {
	hs, ws, ok := strings.Cut(strings.ToLower(s), "x")
	h, err1 := strconv.Atoi(hs)
	w, err2 := strconv.Atoi(ws)
	if !ok || err1 != nil || err2 != nil || h <= 0 || w <= 0 {
		return 0, 0, fmt.Errorf("data: %q is not a size HxW, such as 64x64", s)
	}
	return h, w, nil
}

package cli

import (
	"os"
	"path/filepath"
)

// Overwrites returns the first of outputs that would replace or go into
// the data at dataPath: the same file (through links), or a path inside
// the data's folder when the data is a folder. It returns "" for none,
// and when dataPath is "" (the bundled MNIST) or does not exist.
func Overwrites(dataPath string, outputs ...string) string {
	di, err := os.Stat(dataPath)
	if dataPath == "" || err != nil {
		return ""
	}
	for _, out := range outputs {
		if oi, err := os.Stat(out); err == nil && os.SameFile(di, oi) {
			return out
		}
		if !di.IsDir() {
			continue
		}
		abs, err := filepath.Abs(out)
		if err != nil {
			continue
		}
		for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
			if fi, err := os.Stat(dir); err == nil && os.SameFile(di, fi) {
				return out
			}
			if dir == filepath.Dir(dir) {
				break
			}
		}
	}
	return ""
}

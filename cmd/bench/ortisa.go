package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// mlasAVX512 is where MLAS, ONNX Runtime's kernels, tests CPUID leaf 7's
// AVX512F bit in onnxruntime-node 1.30.0's linux-x64 library:
// `test $0x10000,%r10d` and the `je` past its AVX-512 setup. MLAS has no
// switch that refuses AVX-512, so to hold ONNX Runtime to AVX2 as
// -peer-isa holds PyTorch, cmd/bench runs a copy of the package whose je
// is a jmp (rel8 0xeb): MLAS then keeps the AVX2/FMA3 kernels it runs on
// an AVX2 machine (docs/onnx.md).
var mlasAVX512 = struct {
	lib  string
	at   int64
	want []byte
	je   int // the je's opcode within want
}{
	lib:  filepath.Join("onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1"),
	at:   0x16abd14,
	want: []byte{0x41, 0xf7, 0xc2, 0x00, 0x00, 0x01, 0x00, 0x74, 0x0e},
	je:   7,
}

// ortEnv returns what ort.js's environment needs beyond this process's:
// with -kernels avx2 and -peer-isa on a CPU with AVX-512, ORT_DIR naming a
// copy of onnxruntime-node held to AVX2, made once in the user's cache.
func ortEnv(o *options) ([]string, error) {
	if !o.peerISA || o.kernels != "avx2" || !slices.Contains(graph.KernelSets(), "avx512") {
		return nil, nil
	}
	src, err := ortModules()
	if err != nil {
		return nil, err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return nil, err
	}
	dst := filepath.Join(cache, "go-autoencoders", "ort-avx2")
	if err := holdORT(src, dst); err != nil {
		return nil, fmt.Errorf("-peer-isa: holding ONNX Runtime to AVX2: %w (-peer-isa=false runs it at its best)", err)
	}
	return []string{"ORT_DIR=" + dst}, nil
}

// ortModules returns the node_modules folder ort.js loads onnxruntime-node
// from: $ORT_DIR's, else the one .ci/run installs.
func ortModules() (string, error) {
	var dirs []string
	if d := os.Getenv("ORT_DIR"); d != "" {
		dirs = append(dirs, filepath.Join(d, "node_modules"))
	}
	home, err := os.UserHomeDir()
	if err == nil {
		dirs = append(dirs, filepath.Join(home, ".cache", "go-autoencoders", "ort", "node_modules"))
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "onnxruntime-node")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("onnxruntime-node not found in %s (npm install --ignore-scripts onnxruntime-node@1.30.0)", strings.Join(dirs, " or "))
}

// holdORT makes dir/node_modules a copy of the onnxruntime-node package in
// src (its linux-x64 libraries) with MLAS's AVX-512 test patched, and
// onnxruntime-common linked, unless a patched copy is there already. The
// copy is made beside dir and renamed into place, so that an interrupted
// run leaves no half copy.
func holdORT(src, dir string) error {
	lib := filepath.Join(dir, "node_modules", mlasAVX512.lib)
	if done, err := mlasPatched(lib); err == nil && done {
		return nil
	}
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	mods := filepath.Join(tmp, "node_modules")
	if err := copyORT(filepath.Join(src, "onnxruntime-node"), filepath.Join(mods, "onnxruntime-node")); err != nil {
		return err
	}
	if err := os.Symlink(filepath.Join(src, "onnxruntime-common"), filepath.Join(mods, "onnxruntime-common")); err != nil {
		return err
	}
	if err := patchMLAS(filepath.Join(mods, mlasAVX512.lib)); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// copyORT copies the package at src to dst, leaving out the native
// libraries of other platforms than linux-x64.
func copyORT(src, dst string) error {
	keep := filepath.Join("bin", "napi-v6", "linux", "x64")
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(rel, "bin"+string(filepath.Separator)) &&
			!strings.HasPrefix(keep, rel) && !strings.HasPrefix(rel, keep) {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// errUnknownLib is the error of a library whose bytes at MLAS's test are
// not the ones known.
var errUnknownLib = errors.New("not the bytes of onnxruntime-node 1.30.0's linux-x64 library, the one the patch is known for")

// mlasPatched reports whether the library at path has MLAS's AVX-512 test
// patched (true) or as shipped (false); other bytes are errUnknownLib.
func mlasPatched(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	got := make([]byte, len(mlasAVX512.want))
	if _, err := f.ReadAt(got, mlasAVX512.at); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	patched := bytes.Clone(mlasAVX512.want)
	patched[mlasAVX512.je] = 0xeb
	switch {
	case bytes.Equal(got, patched):
		return true, nil
	case bytes.Equal(got, mlasAVX512.want):
		return false, nil
	}
	return false, fmt.Errorf("%s: % x at %#x: %w", path, got, mlasAVX512.at, errUnknownLib)
}

// patchMLAS turns the je of MLAS's AVX-512 test in the library at path
// into a jmp.
func patchMLAS(path string) error {
	done, err := mlasPatched(path)
	if err != nil || done {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt([]byte{0xeb}, mlasAVX512.at+int64(mlasAVX512.je)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

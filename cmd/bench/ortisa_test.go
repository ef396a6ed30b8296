package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestPatchMLAS: the je of MLAS's AVX-512 test becomes a jmp, once; a
// library with other bytes there, or too short, is refused.
func TestPatchMLAS(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "lib.so")
	write := func(b []byte) {
		t.Helper()
		f, err := os.Create(lib)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(b, mlasAVX512.at); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(mlasAVX512.want)
	for range 2 { // the second finds it patched
		if err := patchMLAS(lib); err != nil {
			t.Fatal(err)
		}
		if done, err := mlasPatched(lib); err != nil || !done {
			t.Fatalf("after patchMLAS: patched %v, %v", done, err)
		}
	}
	b, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	got := b[mlasAVX512.at : mlasAVX512.at+int64(len(mlasAVX512.want))]
	for i, v := range got {
		want := mlasAVX512.want[i]
		if i == mlasAVX512.je {
			want = 0xeb
		}
		if v != want {
			t.Fatalf("byte %d after the patch: %#x, want %#x", i, v, want)
		}
	}
	other := append([]byte(nil), mlasAVX512.want...)
	other[0] = 0x90
	write(other)
	if err := patchMLAS(lib); !errors.Is(err, errUnknownLib) {
		t.Errorf("other bytes: %v, want errUnknownLib", err)
	}
	if err := os.WriteFile(lib, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := patchMLAS(lib); err == nil {
		t.Error("a short library was patched")
	}
}

// TestHoldORT: the held copy of the installed onnxruntime-node has the
// patched linux-x64 library, no other platform's, and onnxruntime-common
// beside it; a second call keeps it.
func TestHoldORT(t *testing.T) {
	src, err := ortModules()
	if err != nil {
		t.Skipf("%v: the held copy is not made (.ci/run installs onnxruntime-node)", err)
	}
	if _, err := mlasPatched(filepath.Join(src, mlasAVX512.lib)); err != nil {
		t.Skipf("not the library the patch is known for: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "held")
	for range 2 {
		if err := holdORT(src, dir); err != nil {
			t.Fatal(err)
		}
		if done, err := mlasPatched(filepath.Join(dir, "node_modules", mlasAVX512.lib)); err != nil || !done {
			t.Fatalf("the held library: patched %v, %v", done, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "arm64")); err == nil {
		t.Error("the held copy has the arm64 libraries")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "onnxruntime-common", "package.json")); err != nil {
		t.Errorf("onnxruntime-common: %v", err)
	}
	if _, err := os.Stat(dir + ".tmp"); err == nil {
		t.Error("the temporary copy is left")
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/graph"
)

// wrappingNPY writes a 132-byte .npy file whose header declares shape
// (2**62+1, 1) of float32: 4·(2**62+1) bytes, which wraps to 4 in 64 bits.
func wrappingNPY(t *testing.T, dir string) string {
	t.Helper()
	dict := "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387905, 1), }"
	dict += strings.Repeat(" ", 128-10-len(dict)-1) + "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(dict)))
	b.WriteString(dict)
	b.Write(make([]byte, 4))
	if b.Len() != 132 {
		t.Fatalf("%d bytes", b.Len())
	}
	path := filepath.Join(dir, "wrap.npy")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWrappingNPY: a .npy header whose byte count wraps is an error naming
// the file, not a makeslice panic, and nothing is written.
func TestWrappingNPY(t *testing.T) {
	ckpt := clitest.TabularCheckpoint(t, 1, 1, graph.Linear, "mse")
	path := wrappingNPY(t, t.TempDir())
	parent := t.TempDir()
	for _, th := range []string{"p99", "0.5"} {
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"-out", filepath.Join(parent, "out"), "-threshold", th, "-data", path, ckpt}, &bytes.Buffer{}, &stderr)
		if code != 1 {
			t.Errorf("-threshold %s: exit %d, want 1", th, code)
		}
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, "score: -data: ") || !strings.Contains(last, "wrap.npy") || strings.Contains(stderr.String(), "panic") {
			t.Errorf("-threshold %s: stderr %q; want an error naming -data and wrap.npy", th, stderr.String())
		}
		if ents, _ := os.ReadDir(parent); len(ents) != 0 {
			t.Errorf("files written: %v", ents)
		}
	}
}

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTableORT runs a tiny benchmark with -ort and checks that ONNX
// Runtime's cells are filled in; it skips where node or onnxruntime-node
// is missing.
func TestTableORT(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is missing: -ort is not run (install nodejs and npm; .ci/run does)")
	}
	dir := os.Getenv("ORT_DIR")
	if dir == "" {
		dir = filepath.Join(os.Getenv("HOME"), ".cache", "go-autoencoders", "ort")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "onnxruntime-node")); err != nil {
		t.Skipf("onnxruntime-node is missing from %s/node_modules: -ort is not run (.ci/run installs it)", dir)
	}
	var out bytes.Buffer
	args := []string{"-archs", "dense", "-epochs", "1", "-limit", "256", "-infer", "300", "-threads", "1", "-ort", "-ort-script", filepath.Join("ort", "ort.js")}
	if err := run(args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if !strings.HasPrefix(line, "| 1 | dense |") {
			continue
		}
		cells := strings.Split(line, "|")
		row := cells[2 : len(cells)-1]
		for c := 16; c < 19; c++ {
			if v, err := strconv.ParseFloat(strings.TrimSpace(row[c]), 64); err != nil || v <= 0 {
				t.Errorf("row %v: ONNX Runtime's cell %d is %q, want a positive number", row, c, row[c])
			}
		}
		return
	}
	t.Fatalf("no dense row in\n%s", out.String())
}

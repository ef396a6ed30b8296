package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// ortResult is what ort.js bench prints: ONNX Runtime's inference rate
// and the peak RSS of its Node process.
type ortResult struct {
	InferPerS float64 `json:"infer_samples_per_s"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	Version   string  `json:"ort_version"`
}

// ortBatch is the batch ONNX Runtime runs, the PyTorch peer's.
const ortBatch = 256

// benchORT runs the ONNX model at path, of rows of row values, in ONNX
// Runtime at threads intra-op threads over o.infer samples, repeated for
// at least a second, and reads the JSON line ort.js prints.
func benchORT(path string, row, threads int, o *options, stderr io.Writer) (ortResult, error) {
	args := []string{o.ortJS, "bench", path, strconv.Itoa(threads), strconv.Itoa(o.infer), strconv.Itoa(row), strconv.Itoa(ortBatch)}
	cmd := exec.Command(o.node, args...)
	cmd.Env = append(os.Environ(), o.ortEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, stderr
	if err := cmd.Run(); err != nil {
		return ortResult{}, fmt.Errorf("%s %s: %w", o.node, strings.Join(args, " "), err)
	}
	var r ortResult
	if err := lastJSON(&out, &r); err != nil {
		return ortResult{}, err
	}
	return r, nil
}

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/data"
)

// peerResult is the PyTorch peer's JSON summary.
type peerResult struct {
	EpochS    float64 `json:"epoch_s_median"`
	ValLoss   float64 `json:"val_loss"`
	InferPerS float64 `json:"infer_samples_per_s"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
}

// benchPeer runs the PyTorch script on the same settings and thread count
// and reads the JSON summary it prints last.
func benchPeer(arch string, threads int, o *options, stderr io.Writer) (peerResult, error) {
	if seriesArch(arch) {
		return benchSeriesPeer(arch, threads, o, stderr)
	}
	dir := o.dataDir
	if dir == "" {
		d, err := data.BundledMNISTDir()
		if err != nil {
			return peerResult{}, err
		}
		dir = d
	}
	args := []string{o.peer, arch, strconv.Itoa(o.epochs), dir, "--threads", strconv.Itoa(threads)}
	if o.limit > 0 {
		args = append(args, "--limit", strconv.Itoa(o.limit))
	}
	cmd := exec.Command(o.python, args...)
	cmd.Env = append(os.Environ(), peerISA(o)...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return peerResult{}, fmt.Errorf("%s %s: %w", o.python, strings.Join(args, " "), err)
	}
	var r peerResult
	if err := lastJSON(&out, &r); err != nil {
		return peerResult{}, err
	}
	return r, nil
}

// lastJSON decodes the last line of out that starts with '{' into v.
func lastJSON(out io.Reader, v any) error {
	var last string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "{") {
			last = line
		}
	}
	if last == "" {
		return errNoSummary
	}
	if err := json.Unmarshal([]byte(last), v); err != nil {
		return fmt.Errorf("summary %q: %w", last, err)
	}
	return nil
}

// peerISA returns the environment that holds the peer to the instruction
// set of -kernels, so that both sides run as on a machine that has only
// it: with -kernels avx2, oneDNN (PyTorch's convolutions), ATen and
// OpenBLAS (its matrix products) at AVX2, as on an AVX2+FMA machine. It
// is empty for the best set, for -peer-isa=false and for sets PyTorch has
// no such switch for.
func peerISA(o *options) []string {
	if !o.peerISA || o.kernels != "avx2" {
		return nil
	}
	return []string{"ONEDNN_MAX_CPU_ISA=AVX2", "ATEN_CPU_CAPABILITY=avx2", "OPENBLAS_CORETYPE=Haswell"}
}

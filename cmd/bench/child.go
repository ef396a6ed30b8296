package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/noise"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// childEnv, set in the environment, makes this binary time one arch and
// print its goResult as JSON instead of running the whole benchmark.
const childEnv = "AE_BENCH_CHILD"

// goResult is one arch's figures in Go, as a child prints them.
type goResult struct {
	Kernels         string  `json:"kernels"`
	Threads         int     `json:"threads"`
	Seconds         float64 `json:"epoch_s_median"`
	ValLoss         float64 `json:"val_loss"`
	GFLOPs          float64 `json:"gflops"`
	EncodePerS      float64 `json:"encode_samples_per_s"`
	ReconstructPerS float64 `json:"reconstruct_samples_per_s"`
	PeakRSSMB       float64 `json:"peak_rss_mb"`
	// ONNX is the file the trained net was exported to with -onnx-out,
	// of rows of ONNXRow values.
	ONNX    string `json:"onnx,omitempty"`
	ONNXRow int    `json:"onnx_row,omitempty"`
}

// benchGo runs this binary again as a child that trains arch on threads
// threads, and reads the JSON line it prints last.
func benchGo(arch string, threads int, o *options, stderr io.Writer) (goResult, error) {
	exe, err := os.Executable()
	if err != nil {
		return goResult{}, fmt.Errorf("finding this binary to run it again: %w", err)
	}
	args := []string{"-archs", arch, "-epochs", strconv.Itoa(o.epochs), "-limit", strconv.Itoa(o.limit),
		"-seed", strconv.FormatUint(o.seed, 10), "-threads", strconv.Itoa(threads), "-infer", strconv.Itoa(o.infer)}
	if o.dataDir != "" {
		args = append(args, "-data", o.dataDir)
	}
	if o.kernels != "" {
		args = append(args, "-kernels", o.kernels)
	}
	if o.ort {
		f, err := os.CreateTemp("", "bench-"+arch+"-*.onnx")
		if err != nil {
			return goResult{}, err
		}
		f.Close()
		args = append(args, "-onnx-out", f.Name())
	}
	if seriesArch(arch) {
		args = append(args, seriesArgs(o)...)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, stderr
	if err := cmd.Run(); err != nil {
		return goResult{}, fmt.Errorf("child %s %s: %w", exe, strings.Join(args, " "), err)
	}
	var r goResult
	if err := lastJSON(&out, &r); err != nil {
		return goResult{}, fmt.Errorf("child: %w", err)
	}
	return r, nil
}

// childMain is main in a child: it trains and times the one arch of args
// and prints its goResult as a JSON line. It returns the exit code.
func childMain(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if err == nil && len(o.archs) != 1 {
		err = fmt.Errorf("-archs: a child times one arch, got %v", o.archs)
	}
	if err != nil {
		fmt.Fprintln(stderr, "bench child:", err)
		return 2
	}
	threads := o.threads[0]
	if threads > 0 {
		runtime.GOMAXPROCS(threads)
	}
	graph.SetThreads(threads)
	r, err := trainAndInfer(o.archs[0], o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench child:", err)
		return 1
	}
	r.Threads, r.Kernels, r.PeakRSSMB = graph.Threads(), graph.KernelSet(), peakRSSMB()
	line, err := json.Marshal(r)
	if err != nil {
		fmt.Fprintln(stderr, "bench child:", err)
		return 1
	}
	fmt.Fprintln(stdout, string(line))
	return 0
}

// trainAndInfer trains arch with the seed's settings and returns the
// median training seconds per epoch, the last val_loss, GFLOP/s counted as
// three times the forward FLOPs of every training sample, and the rates of
// Encode and Reconstruct over o.infer test images.
func trainAndInfer(arch string, o *options, stderr io.Writer) (goResult, error) {
	if seriesArch(arch) {
		return trainSeries(arch, o, stderr)
	}
	mnist, _, err := data.OpenMNIST(o.dataDir)
	if err != nil {
		return goResult{}, err
	}
	imgs := mnist.Train.Head(o.limit)
	trainSet := train.Dataset{X: imgs.Pixels, Dim: imgs.Dim()}
	valSet := train.Dataset{X: mnist.Test.Pixels, Dim: mnist.Test.Dim()}
	log := logrus.New()
	log.SetOutput(stderr)
	net, err := nets.NewSeed(nets.Config{Arch: arch, Seed: o.seed})
	if err != nil {
		return goResult{}, err
	}
	defer net.Close()
	spec := net.Spec()
	inputNoise, err := noise.Parse(spec.Noise)
	if err != nil {
		return goResult{}, err
	}
	_, batch := spec.TrainingDefaults()
	tr, err := train.New(net, train.Config{Epochs: o.epochs, BatchSize: batch, Seed: o.seed, Noise: inputNoise, Log: log})
	if err != nil {
		return goResult{}, err
	}
	defer tr.Close()
	hist, err := tr.Fit(context.Background(), trainSet, &valSet)
	if err != nil {
		return goResult{}, err
	}
	var secs []float64
	for _, e := range hist.Epochs {
		secs = append(secs, e.Seconds-e.ValSeconds)
	}
	last, _ := hist.Last()
	r := goResult{Seconds: median(secs), ValLoss: last.ValLoss}
	r.GFLOPs = 3 * float64(net.FLOPs()) * float64(trainSet.Len()) / r.Seconds / 1e9
	if o.onnxOut != "" {
		if err := exportUnscaled(net, o.onnxOut); err != nil {
			return goResult{}, err
		}
		r.ONNX, r.ONNXRow = o.onnxOut, mnist.Test.Dim()
	}
	test := mnist.Test.Head(min(o.infer, mnist.Test.N))
	if test.N > 0 {
		if r.EncodePerS, err = samplesPerSecond(net.EncodeTo, test.Pixels, test.N); err != nil {
			return goResult{}, fmt.Errorf("encode: %w", err)
		}
		if r.ReconstructPerS, err = samplesPerSecond(net.ReconstructTo, test.Pixels, test.N); err != nil {
			return goResult{}, fmt.Errorf("reconstruct: %w", err)
		}
	}
	return r, nil
}

// exportUnscaled writes the reconstruct graph of net without its scaling,
// so that ONNX Runtime computes what ReconstructTo times: scaled pixels to
// their reconstructions.
func exportUnscaled(net *nets.Autoencoder, path string) error {
	s := net.Spec()
	s.Scale = nil
	a, err := nets.New(s)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Params().CopyFrom(net.Params()); err != nil {
		return err
	}
	return a.WriteONNX(path, nets.ONNXReconstruct)
}

// minInferTime is how long samplesPerSecond repeats its pass at least.
const minInferTime = time.Second

// samplesPerSecond runs f over the n samples x once untimed (building its
// programs), then times whole passes for at least minInferTime, each into
// the first's output, as PyTorch's caching allocator reuses its outputs'
// memory in the peer.
func samplesPerSecond(f func(dst, x []float32) ([]float32, error), x []float32, n int) (float64, error) {
	out, err := f(nil, x)
	if err != nil {
		return 0, err
	}
	reps, start := 0, time.Now()
	for reps == 0 || time.Since(start) < minInferTime {
		if out, err = f(out, x); err != nil {
			return 0, err
		}
		reps++
	}
	return float64(reps*n) / time.Since(start).Seconds(), nil
}

// peakRSSMB returns the peak resident memory of this process in MiB: VmHWM
// from /proc/self/status, or getrusage's ru_maxrss where there is no /proc.
func peakRSSMB() float64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) >= 2 && f[0] == "VmHWM:" {
				if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
					return kb / 1024
				}
			}
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // KiB on Linux
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

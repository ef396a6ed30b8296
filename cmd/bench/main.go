// Command bench times the training and the inference of each seed model on
// MNIST and, when given the PyTorch peer script, of the same models in
// PyTorch, one after the other so that they do not share the cores. Each Go
// model trains in a child process (this binary run again), so that its
// peak resident memory is its own. It prints a Markdown table of seconds
// per epoch (training only, without validation), GFLOP/s, val_loss,
// inference samples per second (Encode and Reconstruct over the test
// images), peak RSS and the ratios to PyTorch, for each thread count asked
// for, and names the kernel set that ran.
//
//	go run ./cmd/bench -epochs 2 -threads 1,2 -peer ../shared/peers/torch_ae.py
//	go run ./cmd/bench -kernels avx2 -archs dense,conv
//	go run ./cmd/bench -archs conv1d-ts,lstm-ts -series ../shared/data/nab/art_daily_small_noise.csv -ts-peer ../shared/peers/torch_ts.py
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

type options struct {
	archs         []string
	epochs, limit int
	dataDir, peer string
	python        string
	seed          uint64
	kernels       string   // "" = the best this CPU runs
	peerISA       bool     // hold the peer to the instruction set of kernels
	threads       []int    // 0 = GOMAXPROCS
	infer         int      // test images for the inference figures
	runs          int      // times the whole set is measured
	ort           bool     // time the ONNX export in ONNX Runtime too
	node, ortJS   string   // the Node.js binary and ort.js
	ortEnv        []string // ort.js's environment beyond ours (ortEnv)
	onnxOut       string   // a child's: where to export its trained net
	// the time-series archs' series, window, time column and peer
	// (series.go)
	series, timeColumn, tsPeer string
	window                     int
}

func main() {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(cli.Code("bench", run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// listKernels is the -kernels value that lists the sets instead of
// choosing one.
const listKernels = "list"

// benchArchs are the named specs the PyTorch peer also trains.
var benchArchs = []string{"dense", "sparse", "deep", "conv", "conv-keras", "conv-t", "denoise", "vae"}

func parse(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	o := &options{}
	archs := fs.String("archs", strings.Join(benchArchs, ","), "comma-separated named specs to time (the PyTorch peer knows these)")
	fs.IntVar(&o.epochs, "epochs", 2, "epochs per arch; the median epoch is reported")
	fs.IntVar(&o.limit, "limit", 0, "use only the first N training images; 0 = all")
	fs.StringVar(&o.dataDir, "data", "", "folder of MNIST IDX files (default: the bundled copy)")
	fs.StringVar(&o.peer, "peer", "", "path of the PyTorch peer script torch_ae.py; empty = Go only")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python that runs the peer")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	fs.StringVar(&o.kernels, "kernels", "", "kernel set: "+strings.Join(graph.KernelSets(), ", ")+" (default: the first); list prints this CPU's sets, one a line, and exits")
	fs.BoolVar(&o.peerISA, "peer-isa", true, "with -kernels avx2, run the peers at AVX2 too, as on an AVX2 machine: PyTorch's oneDNN, ATen and OpenBLAS, and with -ort ONNX Runtime's MLAS (a copy of its library with the AVX-512 test patched out)")
	threads := fs.String("threads", "0", "comma-separated thread counts, one run of every arch at each; 0 = GOMAXPROCS")
	fs.IntVar(&o.runs, "runs", 1, "times the whole set is measured; with more than one, a last table gives the spread of the ratios")
	fs.StringVar(&o.series, "series", "", "CSV time series the time-series archs (conv1d-ts, lstm-ts) train on, such as ../shared/data/nab/art_daily_small_noise.csv")
	fs.IntVar(&o.window, "window", 288, "steps of the time-series archs' windows")
	fs.StringVar(&o.timeColumn, "time-column", "timestamp", "the -series time column")
	fs.StringVar(&o.tsPeer, "ts-peer", "", "path of the PyTorch peer script torch_ts.py for the time-series archs; empty = Go only")
	fs.IntVar(&o.infer, "infer", 10000, "test images to encode and reconstruct for the inference figures; 0 = none")
	fs.BoolVar(&o.ort, "ort", false, "also time each trained net's ONNX export in ONNX Runtime (onnxruntime-node from $ORT_DIR/node_modules, else ~/.cache/go-autoencoders/ort/node_modules)")
	fs.StringVar(&o.node, "node", "node", "Node.js binary that runs -ort-script")
	fs.StringVar(&o.ortJS, "ort-script", "cmd/bench/ort/ort.js", "the ONNX Runtime peer script")
	fs.StringVar(&o.onnxOut, "onnx-out", "", "(for the child processes) export the trained net to this ONNX file")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, cli.UsageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	for _, a := range strings.Split(*archs, ",") {
		if _, err := nets.Named(a); err != nil {
			return nil, cli.UsageError{Err: fmt.Errorf("-archs: %w", err)}
		}
		o.archs = append(o.archs, a)
	}
	if o.epochs <= 0 {
		return nil, cli.Usagef("epochs", "must be positive, got %d", o.epochs)
	}
	if o.limit < 0 {
		return nil, cli.Usagef("limit", "must not be negative, got %d", o.limit)
	}
	if o.runs <= 0 {
		return nil, cli.Usagef("runs", "must be positive, got %d", o.runs)
	}
	if o.infer < 0 {
		return nil, cli.Usagef("infer", "must not be negative, got %d", o.infer)
	}
	if o.ort && o.infer == 0 {
		return nil, cli.Usagef("ort", "times inference; give -infer more than 0")
	}
	if o.kernels != "" && o.kernels != listKernels {
		if err := graph.SetKernelSet(o.kernels); err != nil {
			return nil, cli.UsageError{Err: fmt.Errorf("-kernels: %w", err)}
		}
	}
	for _, s := range strings.Split(*threads, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return nil, cli.Usagef("threads", "%q is not a thread count (want 0 for GOMAXPROCS, or more)", s)
		}
		o.threads = append(o.threads, n)
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	if o.kernels == listKernels {
		// CI loops over these: AE_KERNELS=$set go test ./...
		fmt.Fprintln(stdout, strings.Join(graph.KernelSets(), "\n"))
		return nil
	}
	fmt.Fprintf(stdout, "%d epochs each, median epoch, training only; %s training images; inference over %d test images\n",
		o.epochs, limitText(o.limit), o.infer)
	fmt.Fprintf(stdout, "kernel sets on this CPU: %s; GOMAXPROCS %d\n", strings.Join(graph.KernelSets(), ", "), runtime.GOMAXPROCS(0))
	if env := peerISA(o); o.peer != "" && len(env) > 0 {
		fmt.Fprintf(stdout, "the peer runs with %s\n", strings.Join(env, " "))
	}
	if o.ort {
		if o.ortEnv, err = ortEnv(o); err != nil {
			return err
		}
		if len(o.ortEnv) > 0 {
			fmt.Fprintf(stdout, "ONNX Runtime runs held to AVX2: %s (docs/onnx.md)\n", strings.Join(o.ortEnv, " "))
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| run | arch | threads | kernels | Go s/epoch | Go GFLOP/s | Go val_loss | Go encode/s | Go reconstruct/s | Go peak RSS MB | PyTorch s/epoch | PyTorch val_loss | PyTorch infer/s | PyTorch peak RSS MB | s/epoch Go/PyTorch | infer/s Go/PyTorch | RSS Go/PyTorch | ORT infer/s | ORT peak RSS MB | infer/s Go/ORT |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	var rows []measured
	for r := 1; r <= o.runs; r++ {
		for _, t := range o.threads {
			threads := t
			if threads == 0 {
				threads = runtime.GOMAXPROCS(0)
			}
			for _, arch := range o.archs {
				m, err := measure(arch, threads, o, stderr)
				if err != nil {
					return fmt.Errorf("run %d, %s, %d threads: %w", r, arch, threads, err)
				}
				fmt.Fprintf(stdout, "| %d | %s |\n", r, strings.Join(m.cells(), " | "))
				rows = append(rows, m)
			}
		}
	}
	if o.runs > 1 && (o.peer != "" || o.tsPeer != "" || o.ort) {
		printSpread(stdout, rows)
	}
	return nil
}

// measured is one arch at one thread count, ours and, with a peer, the
// peer's.
type measured struct {
	arch    string
	threads int
	ours    goResult
	peer    *peerResult
	ort     *ortResult
}

// measure trains arch in a child process and, with a peer, in the peer.
func measure(arch string, threads int, o *options, stderr io.Writer) (measured, error) {
	ours, err := benchGo(arch, threads, o, stderr)
	if err != nil {
		return measured{}, err
	}
	m := measured{arch: arch, threads: threads, ours: ours}
	if o.ort {
		r, err := benchORT(ours.ONNX, ours.ONNXRow, threads, o, stderr)
		os.Remove(ours.ONNX)
		if err != nil {
			return measured{}, fmt.Errorf("onnx runtime: %w", err)
		}
		m.ort = &r
	}
	if peerOf(arch, o) != "" {
		p, err := benchPeer(arch, threads, o, stderr)
		if err != nil {
			return measured{}, fmt.Errorf("peer: %w", err)
		}
		m.peer = &p
	}
	return m, nil
}

// cells are the table's cells after the run number.
func (m measured) cells() []string {
	ours := m.ours
	row := []string{m.arch, strconv.Itoa(m.threads), ours.Kernels,
		fmt.Sprintf("%.3f", ours.Seconds), fmt.Sprintf("%.1f", ours.GFLOPs), fmt.Sprintf("%.4f", ours.ValLoss),
		rate(ours.EncodePerS), rate(ours.ReconstructPerS), fmt.Sprintf("%.0f", ours.PeakRSSMB)}
	if p := m.peer; p != nil {
		row = append(row, fmt.Sprintf("%.3f", p.EpochS), fmt.Sprintf("%.4f", p.ValLoss), rate(p.InferPerS), fmt.Sprintf("%.0f", p.PeakRSSMB),
			ratio(ours.Seconds, p.EpochS), ratio(ours.ReconstructPerS, p.InferPerS), ratio(ours.PeakRSSMB, p.PeakRSSMB))
	} else {
		row = append(row, make([]string, 7)...)
	}
	if r := m.ort; r != nil {
		return append(row, rate(r.InferPerS), fmt.Sprintf("%.0f", r.PeakRSSMB), ratio(ours.ReconstructPerS, r.InferPerS))
	}
	return append(row, make([]string, 3)...)
}

func limitText(limit int) string {
	if limit == 0 {
		return "all"
	}
	return fmt.Sprintf("the first %d", limit)
}

// rate formats samples per second, or nothing when none were measured.
func rate(r float64) string {
	if r <= 0 {
		return ""
	}
	return fmt.Sprintf("%.0f", r)
}

// ratio formats a/b, or nothing when either is missing.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.2f", a/b)
}

// errNoSummary is returned when a child or the peer prints no JSON summary.
var errNoSummary = errors.New("no JSON summary in the output")

package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/pipeline/perkey"
	"github.com/sirupsen/logrus"
)

// benchOptions are the flags of bench.
type benchOptions struct {
	rows, cols, shards int
	dir, scoreBin      string
}

func (b *benchOptions) register(fs *flag.FlagSet) {
	fs.IntVar(&b.rows, "rows", 1000000, "bench: rows of the generated data")
	fs.IntVar(&b.cols, "cols", 30, "bench: columns of the generated data")
	fs.IntVar(&b.shards, "shards", 1, "bench: the pipeline reads the rows cut into this many shards (cmd/score reads the one file)")
	fs.StringVar(&b.dir, "bench-dir", "", "bench: folder for the data and outputs (default: a new temporary folder, removed after)")
	fs.StringVar(&b.scoreBin, "score-bin", "", "bench: the cmd/score binary (default: go build ./cmd/score, from the repository root)")
}

// runBench scores the same generated rows with cmd/score and with this
// command's score pipeline on Prism, each in its own process, and
// reports rows/s, their ratio and each process's peak RSS.
func runBench(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	b := o.bench
	if b.rows < 1000 || b.cols < 2 || b.shards < 1 {
		return fmt.Errorf("bench: want --rows >= 1000, --cols >= 2, --shards >= 1")
	}
	dir := b.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "pipeline-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	file := filepath.Join(dir, "data.csv")
	if err := writeBenchData(file, filepath.Join(dir, "shards"), b); err != nil {
		return err
	}
	ckpt, err := benchCheckpoint(ctx, dir, b.cols)
	if err != nil {
		return err
	}
	score := b.scoreBin
	if score == "" {
		score = filepath.Join(dir, "score-bin")
		if out, err := exec.Command("go", "build", "-o", score, "./cmd/score").CombinedOutput(); err != nil {
			return fmt.Errorf("bench: go build ./cmd/score (run from the repository root, or give --score-bin): %v: %s", err, out)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	input := file
	if b.shards > 1 {
		input = filepath.Join(dir, "shards", "*.csv")
	}
	single, err := timed(stderr, score, "-all", "-data", file, "-threshold", "0.05", "-no-pictures", "-out", filepath.Join(dir, "cmd-score"), ckpt)
	if err != nil {
		return err
	}
	prism, err := timed(stderr, self, "score", "--checkpoint", ckpt, "--threshold", "0.05", "--input", input, "--output", filepath.Join(dir, "out", "scores"))
	if err != nil {
		return err
	}
	n := float64(b.rows)
	fmt.Fprintf(stdout, "%d rows x %d columns, %d shard(s) for the pipeline, kernels %s, GOMAXPROCS %d\n", b.rows, b.cols, b.shards, graph.KernelSet(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "cmd/score:       %8.2f s  %10.0f rows/s  peak RSS %s\n", single.wall.Seconds(), n/single.wall.Seconds(), data.FormatBytes(single.rss))
	fmt.Fprintf(stdout, "pipeline/prism:  %8.2f s  %10.0f rows/s  peak RSS %s (runner and worker, one process)\n", prism.wall.Seconds(), n/prism.wall.Seconds(), data.FormatBytes(prism.rss))
	fmt.Fprintf(stdout, "ratio prism/cmd-score: %.2fx\n", single.wall.Seconds()/prism.wall.Seconds())
	return nil
}

// measured is a process's wall time and peak resident memory.
type measured struct {
	wall time.Duration
	rss  int64
}

// timed runs a command and measures it; its output goes to stderr.
func timed(stderr io.Writer, name string, args ...string) (measured, error) {
	cmd := exec.Command(name, args...)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		return measured{}, fmt.Errorf("bench: %s: %v: %s", name, err, lastLines(out))
	}
	m := measured{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	fmt.Fprintf(stderr, "bench: %s: %v\n", filepath.Base(name), m.wall.Round(time.Millisecond))
	return m, nil
}

// lastLines returns the end of a command's output.
func lastLines(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}

// benchRow returns row i of the generated data: smooth values with noise.
func benchRow(i, cols int, dst []float32) {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	for j := range dst[:cols] {
		dst[j] = float32(j%5)/5 + float32(i%97)/97 + 0.1*float32(r.NormFloat64())
	}
}

// writeBenchData writes the rows to file and, cut into b.shards parts,
// into the folder shards.
func writeBenchData(file, shards string, b benchOptions) error {
	var w []*bufio.Writer
	var files []*os.File
	names := []string{file}
	if b.shards > 1 {
		os.MkdirAll(shards, 0o755)
		for s := range b.shards {
			names = append(names, filepath.Join(shards, fmt.Sprintf("part-%05d.csv", s)))
		}
	}
	for _, n := range names {
		f, err := os.Create(n)
		if err != nil {
			return err
		}
		files = append(files, f)
		w = append(w, bufio.NewWriterSize(f, 1<<20))
	}
	var line []byte
	for j := range b.cols {
		if j > 0 {
			line = append(line, ',')
		}
		line = append(line, fmt.Sprintf("f%d", j)...)
	}
	line = append(line, '\n')
	for _, bw := range w {
		bw.Write(line)
	}
	x := make([]float32, b.cols)
	per := (b.rows + b.shards - 1) / b.shards
	for i := range b.rows {
		benchRow(i, b.cols, x)
		line = line[:0]
		for j, v := range x {
			if j > 0 {
				line = append(line, ',')
			}
			line = strconv.AppendFloat(line, float64(v), 'g', -1, 32)
		}
		line = append(line, '\n')
		w[0].Write(line)
		if len(w) > 1 {
			w[1+i/per].Write(line)
		}
	}
	for i, bw := range w {
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := files[i].Close(); err != nil {
			return err
		}
	}
	return nil
}

// benchCheckpoint trains a small dense net (16,4) for one epoch on the
// first 10,000 generated rows, with the library's per-key training.
func benchCheckpoint(ctx context.Context, dir string, cols int) (string, error) {
	n := 10000
	x := make([]float32, n*cols)
	for i := range n {
		benchRow(i, cols, x[i*cols:(i+1)*cols])
	}
	log := logrus.New()
	log.SetOutput(io.Discard)
	res, err := perkey.Train(ctx, "bench", &data.Set{X: x, Shape: []int{cols}, Source: "bench rows"},
		perkey.Options{Layers: []int{16, 4}, Epochs: 1}, filepath.Join(dir, "model"), log)
	if err != nil {
		return "", err
	}
	return res.Best, nil
}

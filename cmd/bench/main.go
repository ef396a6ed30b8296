// Command bench times one training epoch of each seed model on MNIST and,
// when given the PyTorch peer script, the same models in PyTorch, in the
// same run, one after the other so that they do not share the cores. It
// prints a Markdown table of seconds per epoch (training only, without
// validation), GFLOP/s and val_loss.
//
//	go run ./cmd/bench -epochs 2 -peer ../shared/peers/torch_ae.py
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

type options struct {
	archs         []string
	epochs, limit int
	dataDir, peer string
	python        string
	seed          uint64
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parse(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	archs := fs.String("archs", strings.Join(nets.Names(), ","), "comma-separated archs to time")
	fs.IntVar(&o.epochs, "epochs", 2, "epochs per arch; the median epoch is reported")
	fs.IntVar(&o.limit, "limit", 0, "use only the first N training images; 0 = all")
	fs.StringVar(&o.dataDir, "data", "", "folder of MNIST IDX files (default: the bundled copy)")
	fs.StringVar(&o.peer, "peer", "", "path of the PyTorch peer script torch_ae.py; empty = Go only")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python that runs the peer")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, a := range strings.Split(*archs, ",") {
		if !slices.Contains(nets.Names(), a) {
			return nil, fmt.Errorf("-archs: unknown arch %q (want some of %v)", a, nets.Names())
		}
		o.archs = append(o.archs, a)
	}
	if o.epochs <= 0 {
		return nil, fmt.Errorf("-epochs: must be positive, got %d", o.epochs)
	}
	if o.limit < 0 {
		return nil, fmt.Errorf("-limit: must not be negative, got %d", o.limit)
	}
	return o, nil
}

// result is one arch's figures on one side.
type result struct {
	seconds, valLoss float64
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	mnist, dir, err := data.OpenMNIST(o.dataDir)
	if err != nil {
		return err
	}
	imgs := mnist.Train.Head(o.limit)
	trainSet := train.Dataset{X: imgs.Pixels, Dim: imgs.Dim()}
	valSet := train.Dataset{X: mnist.Test.Pixels, Dim: mnist.Test.Dim()}
	log := logrus.New()
	log.SetOutput(stderr)

	fmt.Fprintf(stdout, "%d training images, %d epochs each, median epoch, training only\n\n", trainSet.Len(), o.epochs)
	fmt.Fprintln(stdout, "| arch | Go s/epoch | Go GFLOP/s | Go val_loss | PyTorch s/epoch | PyTorch val_loss | Go/PyTorch |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|---|---|")
	for _, arch := range o.archs {
		ours, gflops, err := benchGo(arch, o, trainSet, valSet, log)
		if err != nil {
			return fmt.Errorf("%s: %w", arch, err)
		}
		peer, ratio := "", ""
		peerLoss := ""
		if o.peer != "" {
			p, err := benchPeer(arch, o, dir, stderr)
			if err != nil {
				return fmt.Errorf("%s: peer: %w", arch, err)
			}
			peer, peerLoss = fmt.Sprintf("%.3f", p.seconds), fmt.Sprintf("%.4f", p.valLoss)
			ratio = fmt.Sprintf("%.2f", ours.seconds/p.seconds)
		}
		fmt.Fprintf(stdout, "| %s | %.3f | %.1f | %.4f | %s | %s | %s |\n", arch, ours.seconds, gflops, ours.valLoss, peer, peerLoss, ratio)
	}
	return nil
}

// benchGo trains arch with the seed's settings and returns the median
// training seconds per epoch, the last val_loss, and GFLOP/s counted as
// three times the forward FLOPs of every training sample.
func benchGo(arch string, o *options, trainSet, valSet train.Dataset, log *logrus.Logger) (result, float64, error) {
	net, err := nets.NewSeed(nets.Config{Arch: arch, Seed: o.seed})
	if err != nil {
		return result{}, 0, err
	}
	defer net.Close()
	_, batch := net.Spec().TrainingDefaults()
	tr, err := train.New(net, train.Config{Epochs: o.epochs, BatchSize: batch, Seed: o.seed, Log: log})
	if err != nil {
		return result{}, 0, err
	}
	defer tr.Close()
	hist, err := tr.Fit(context.Background(), trainSet, &valSet)
	if err != nil {
		return result{}, 0, err
	}
	var secs []float64
	for _, e := range hist.Epochs {
		secs = append(secs, e.Seconds-e.ValSeconds)
	}
	last, _ := hist.Last()
	r := result{seconds: median(secs), valLoss: last.ValLoss}
	gflops := 3 * float64(net.FLOPs()) * float64(trainSet.Len()) / r.seconds / 1e9
	return r, gflops, nil
}

// benchPeer runs the PyTorch script on the same settings and reads the JSON
// summary it prints last.
func benchPeer(arch string, o *options, dir string, stderr io.Writer) (result, error) {
	args := []string{o.peer, arch, fmt.Sprint(o.epochs), dir}
	if o.limit > 0 {
		args = append(args, "--limit", fmt.Sprint(o.limit))
	}
	cmd := exec.Command(o.python, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%s %s: %w", o.python, strings.Join(args, " "), err)
	}
	var last string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "{") {
			last = line
		}
	}
	if last == "" {
		return result{}, errors.New("no JSON summary in the peer's output")
	}
	var s struct {
		EpochS  float64 `json:"epoch_s_median"`
		ValLoss float64 `json:"val_loss"`
	}
	if err := json.Unmarshal([]byte(last), &s); err != nil {
		return result{}, fmt.Errorf("peer summary %q: %w", last, err)
	}
	return result{seconds: s.EpochS, valLoss: s.ValLoss}, nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

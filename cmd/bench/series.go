package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// The time-series archs (conv1d-ts, lstm-ts) train on -series, cut into
// windows of -window steps at stride 1 and standardised as keras.io's
// example does, validating on the last 10% of the windows; their peer is
// -ts-peer (torch_ts.py), which does the same.

// seriesArch reports whether arch is a named spec of sequences.
func seriesArch(arch string) bool {
	s, err := nets.Named(arch)
	return err == nil && s.Sequence()
}

// peerOf returns the peer script that times arch, "" for none.
func peerOf(arch string, o *options) string {
	if seriesArch(arch) {
		return o.tsPeer
	}
	return o.peer
}

// seriesArgs are the child's flags for a series arch.
func seriesArgs(o *options) []string {
	return []string{"-series", o.series, "-window", strconv.Itoa(o.window), "-time-column", o.timeColumn}
}

// trainSeries is trainAndInfer for a series arch: the windows' training
// and the rates of Encode and Reconstruct over every window.
func trainSeries(arch string, o *options, stderr io.Writer) (goResult, error) {
	if o.series == "" {
		return goResult{}, fmt.Errorf("-series: %s trains on a time series: give its CSV, such as ../shared/data/nab/art_daily_small_noise.csv", arch)
	}
	split, err := data.Open(o.series, data.Options{WindowOptions: data.WindowOptions{Window: o.window, Stride: 1, TimeColumn: o.timeColumn}})
	if err != nil {
		return goResult{}, fmt.Errorf("-series: %w", err)
	}
	spec, err := nets.Named(arch)
	if err != nil {
		return goResult{}, err
	}
	spec.Seed = o.seed
	log := logrus.New()
	log.SetOutput(stderr)
	t, err := train.Prepare(spec, split, train.FitOptions{Epochs: o.epochs, Seed: o.seed, Scale: data.ScaleStandard, Log: log})
	if err != nil {
		return goResult{}, err
	}
	defer t.Close()
	hist, err := t.Fit(context.Background())
	if err != nil {
		return goResult{}, err
	}
	var secs []float64
	for _, e := range hist.Epochs {
		secs = append(secs, e.Seconds-e.ValSeconds)
	}
	last, _ := hist.Last()
	r := goResult{Seconds: median(secs), ValLoss: last.ValLoss}
	r.GFLOPs = 3 * float64(t.Net.FLOPs()) * float64(t.Train.Len()) / r.Seconds / 1e9
	windows := split.Train
	if o.onnxOut != "" {
		if err := exportUnscaled(t.Net, o.onnxOut); err != nil {
			return goResult{}, err
		}
		r.ONNX, r.ONNXRow = o.onnxOut, windows.Size()
	}
	x := make([]float32, windows.Len()*windows.Size())
	if err := windows.ReadRows(0, windows.Len(), x); err != nil {
		return goResult{}, err
	}
	if x, err = t.Net.Scale(x); err != nil {
		return goResult{}, err
	}
	if r.EncodePerS, err = samplesPerSecond(t.Net.EncodeTo, x, windows.Len()); err != nil {
		return goResult{}, fmt.Errorf("encode: %w", err)
	}
	if r.ReconstructPerS, err = samplesPerSecond(t.Net.ReconstructTo, x, windows.Len()); err != nil {
		return goResult{}, fmt.Errorf("reconstruct: %w", err)
	}
	return r, nil
}

// benchSeriesPeer runs torch_ts.py on the same series, window, epochs and
// threads.
func benchSeriesPeer(arch string, threads int, o *options, stderr io.Writer) (peerResult, error) {
	args := []string{o.tsPeer, arch, strconv.Itoa(o.epochs), o.series, "--threads", strconv.Itoa(threads), "--window", strconv.Itoa(o.window)}
	cmd := exec.Command(o.python, args...)
	cmd.Env = append(os.Environ(), peerISA(o)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, stderr
	if err := cmd.Run(); err != nil {
		return peerResult{}, fmt.Errorf("%s %s: %w", o.python, strings.Join(args, " "), err)
	}
	var r peerResult
	return r, lastJSON(&out, &r)
}

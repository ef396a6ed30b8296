// Command train trains an autoencoder: a named spec (-arch conv, -arch
// vae, -arch list shows them), a spec file (-arch my.json) or a dense stack
// (-layers 256,64,16), on the bundled MNIST or on your data (-data
// x.csv|x.npy|x.npz|IMAGES/|IDXDIR/):
//
//	go run ./cmd/train -arch conv
//
// It writes history.csv, last.safetensors, best.safetensors and pictures
// into -out (default runs/<arch>, numbered runs/<arch>-2, -3, ... when that
// holds a run). Run it with -h for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sirupsen/logrus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	log := logrus.New()
	log.SetOutput(stderr)
	log.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true})
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(stderr, "Run 'train -h' for the flags.")
			return exitUsage
		}
		return exitFailure
	}
	err = trainRun(ctx, o, log, stdout)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "train: %v\n", err)
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "train: %v\n", err)
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(stderr, "Run 'train -h' for the flags.")
			return exitUsage
		}
		return exitFailure
	}
}

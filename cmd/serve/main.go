// Command serve serves a trained autoencoder over HTTP, in the REST shape
// of TensorFlow Serving (see package nets/serve):
//
//	go run ./cmd/serve -addr 127.0.0.1:8080 runs/dense/best.safetensors
//	curl -d '{"instances": [[0, 0, ..., 0]]}' http://127.0.0.1:8080/v1/models/ae:encode
//
// Routes: POST /v1/models/ae:encode, :reconstruct and :score with
// {"instances": [...]} of raw samples; GET /v1/models/ae; GET /healthz.
// -summary reads the threshold of cmd/score's summary.json, so that :score
// says which samples are anomalies. SIGINT or SIGTERM stops accepting
// connections, lets the requests in flight finish, and exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets/serve"
	"github.com/sirupsen/logrus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stderr, nil)
	stop()
	os.Exit(code)
}

// options are the parsed command line.
type options struct {
	ckpt, addr, summary, name string
	models, maxInstances      int
	maxBody                   int64
	drain                     time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: serve [-addr HOST:PORT] [-summary summary.json] [flags] CHECKPOINT")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&o.name, "name", serve.DefaultName, "the model's name in the routes: /v1/models/NAME:encode")
	fs.StringVar(&o.summary, "summary", "", "cmd/score's summary.json: its threshold marks anomalies in :score answers")
	fs.IntVar(&o.models, "models", 0, "copies of the net serving requests at once (default GOMAXPROCS)")
	fs.Int64Var(&o.maxBody, "max-body", serve.DefaultMaxBody, "largest request body in bytes")
	fs.IntVar(&o.maxInstances, "max-instances", serve.DefaultMaxInstances, "most samples a request may hold")
	fs.DurationVar(&o.drain, "drain", 30*time.Second, "how long SIGTERM waits for the requests in flight")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, cli.UsageError{Err: errors.New("want one checkpoint file after the flags")}
	}
	o.ckpt = fs.Arg(0)
	switch {
	case o.models < 0:
		return nil, cli.Usagef("models", "must not be negative, got %d", o.models)
	case o.maxBody <= 0:
		return nil, cli.Usagef("max-body", "must be positive, got %d", o.maxBody)
	case o.maxInstances <= 0:
		return nil, cli.Usagef("max-instances", "must be positive, got %d", o.maxInstances)
	case o.drain <= 0:
		return nil, cli.Usagef("drain", "must be positive, got %v", o.drain)
	case !validName(o.name):
		return nil, cli.Usagef("name", "%q: want letters, digits, '-', '_' or '.'", o.name)
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return nil, cli.Usagef("addr", "%q: %v", o.addr, err)
	}
	return o, nil
}

// validName reports whether s is a model name that reads well in a
// route: letters, digits, '-', '_' and '.'.
func validName(s string) bool {
	for _, r := range s {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// run is the whole command; it returns the exit code. ready, if not nil,
// gets the address once the server listens.
func run(ctx context.Context, args []string, stderr io.Writer, ready func(addr string)) int {
	o, err := parseFlags(args, stderr)
	if err == nil {
		err = serveUntilDone(ctx, o, stderr, ready)
	}
	return cli.Code("serve", err, stderr)
}

// serveUntilDone loads the model, listens, and serves until ctx ends; then
// it drains the requests in flight.
func serveUntilDone(ctx context.Context, o *options, stderr io.Writer, ready func(string)) error {
	log := logrus.New()
	log.SetOutput(stderr)
	log.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true})
	opt := serve.Options{Name: o.name, Models: o.models, MaxBody: o.maxBody, MaxInstances: o.maxInstances, Log: log}
	if o.summary != "" {
		s, err := cli.ReadSummary(o.summary)
		if err != nil {
			return fmt.Errorf("-summary: %w", err)
		}
		opt.Threshold = &s.Threshold
	}
	h, err := serve.New(o.ckpt, opt)
	if err != nil {
		return err
	}
	defer h.Close()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.WithFields(logrus.Fields{"checkpoint": o.ckpt, "model": o.name}).Infof("serving on http://%s/v1/models/%s", ln.Addr(), o.name)
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-served:
		return fmt.Errorf("-addr: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining the requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), o.drain)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	<-served
	log.Info("stopped")
	return nil
}

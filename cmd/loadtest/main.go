// Command loadtest loads a local cmd/serve with encode requests and
// reports the throughput, the latency and the errors:
//
//	go run ./cmd/loadtest -addr 127.0.0.1:8080 -clients 32 -duration 30s -sizes 1,64 [-bad]
//
// Each of -clients clients sends requests one after the other, of -sizes
// samples in turn, for -duration or until -requests requests in all. With
// -bad, one request in four is a bad one (malformed JSON, a sample of the
// wrong shape, a value out of the float32 range, an unknown route, a
// wrong method, too many instances, and one in 64 a body over the
// server's limit), and each must get a 4xx while the good ones succeed.
// -body-mb pads each good request with white space to that many MiB, to
// load the server's memory: each must then get 200, or 429 or 503 when
// the server has no room for it ("busy"), and none may fail. After a 429
// or 503 a client waits as Retry-After says (at most 2 s) before its
// next request.
// It only talks to the loopback interface: an -addr whose host is not
// 127.0.0.1, ::1 or localhost is refused. It exits 1 if any request got
// an unexpected answer.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
)

func main() { cli.Main(run) }

// Bounds of the flags.
const (
	maxClients  = 512
	maxDuration = 10 * time.Minute
	maxSize     = 4096
	maxBodyMB   = 1024
)

type options struct {
	addr, model string
	clients     int
	duration    time.Duration
	requests    int
	sizes       []int
	bad         bool
	bodyBytes   int64 // the good requests' size, padded; 0: unpadded
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := cli.NewFlagSet("loadtest", "loadtest [-addr 127.0.0.1:8080] [-clients 32] [-duration 30s] [-sizes 1,64] [-bad]")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "the server, on the loopback interface only")
	fs.StringVar(&o.model, "model", "ae", "the model's name in the routes")
	fs.IntVar(&o.clients, "clients", 32, fmt.Sprintf("concurrent clients, 1 to %d", maxClients))
	fs.DurationVar(&o.duration, "duration", 30*time.Second, fmt.Sprintf("how long to send requests, at most %v", maxDuration))
	fs.IntVar(&o.requests, "requests", 10_000_000, "stop after this many requests in all")
	sizes := fs.String("sizes", "1,64", "samples per encode request, taken in turn")
	fs.BoolVar(&o.bad, "bad", false, "mix in bad requests (one in four) and check each gets a 4xx")
	bodyMB := fs.Float64("body-mb", 0, "pad each good request to this many MiB (at most the server's -max-body)")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	if fs.NArg() != 0 {
		return nil, cli.UsageError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	switch {
	case o.clients < 1 || o.clients > maxClients:
		return nil, cli.Usagef("clients", "must be in 1..%d, got %d", maxClients, o.clients)
	case o.duration <= 0 || o.duration > maxDuration:
		return nil, cli.Usagef("duration", "must be in (0, %v], got %v", maxDuration, o.duration)
	case o.requests < 1:
		return nil, cli.Usagef("requests", "must be positive, got %d", o.requests)
	case !(*bodyMB >= 0 && *bodyMB <= maxBodyMB):
		return nil, cli.Usagef("body-mb", "must be in [0, %d], got %v", maxBodyMB, *bodyMB)
	}
	o.bodyBytes = int64(*bodyMB * (1 << 20))
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > maxSize {
			return nil, cli.Usagef("sizes", "%q: want numbers of samples in 1..%d, such as 1,64", *sizes, maxSize)
		}
		o.sizes = append(o.sizes, n)
	}
	if err := checkLoopback(o.addr); err != nil {
		return nil, err
	}
	return o, nil
}

// checkLoopback refuses any address but the loopback interface's.
func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return cli.Usagef("addr", "%q: %v", addr, err)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return cli.Usagef("addr", "%q: bad port %q", addr, port)
	}
	switch host {
	case "127.0.0.1", "::1", "localhost":
		return nil
	}
	return cli.Usagef("addr", "%q: loadtest only talks to 127.0.0.1, ::1 or localhost", addr)
}

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err == nil {
		var rep *report
		if rep, err = loadTest(ctx, o); err == nil {
			rep.print(stdout)
			if n := rep.failures(); n > 0 {
				err = fmt.Errorf("%d requests got an unexpected answer (see above)", n)
			}
		}
	}
	if errors.Is(err, context.Canceled) {
		err = errors.New("interrupted")
	}
	return cli.Code("loadtest", err, stderr)
}

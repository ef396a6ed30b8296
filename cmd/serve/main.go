// Command serve serves a trained autoencoder over HTTP, in the REST shape
// of TensorFlow Serving (see package nets/serve):
//
//	go run ./cmd/serve -addr 127.0.0.1:8080 runs/dense/best.safetensors
//	curl -d '{"instances": [[0, 0, ..., 0]]}' http://127.0.0.1:8080/v1/models/ae:encode
//
// Routes: POST /v1/models/ae:encode, :reconstruct and :score with
// {"instances": [...]} of raw samples; GET /v1/models/ae and
// /v1/models/ae/metadata; GET /healthz. -summary reads the threshold of
// cmd/score's summary.json, so that :score says which samples are
// anomalies. SIGINT or SIGTERM stops accepting connections, lets the
// requests in flight finish, and exits 0.
//
// It listens on the loopback interface unless -addr says otherwise, and
// warns when other machines reach it: every interface, or any address
// (or host name resolving to one) that is not loopback. A -summary that
// cmd/score wrote for another checkpoint is refused. -tls-cert and -tls-key serve HTTPS;
// -token-file makes every route but /healthz want its token as a bearer
// token. -max-inflight-bytes bounds the request bodies held at once: past
// it, requests get 429. The model's description shows the checkpoint's
// path and its training statistics only with -expose-stats.
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets/serve"
	"github.com/sirupsen/logrus"
)

func main() {
	cli.Main(func(ctx context.Context, args []string, _, stderr io.Writer) int { return run(ctx, args, stderr, nil) })
}

// options are the parsed command line.
type options struct {
	ckpt, addr, summary, name string
	models, maxInstances      int
	maxBody, maxInflight      int64
	drain                     time.Duration
	tlsCert, tlsKey           string
	tokenFile                 string
	exposeStats               bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := cli.NewFlagSet("serve", "serve [-addr HOST:PORT] [-summary summary.json] [flags] CHECKPOINT")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&o.name, "name", serve.DefaultName, "the model's name in the routes: /v1/models/NAME:encode")
	fs.StringVar(&o.summary, "summary", "", "cmd/score's summary.json: its threshold marks anomalies in :score answers")
	fs.IntVar(&o.models, "models", 0, "copies of the net serving requests at once (default GOMAXPROCS)")
	fs.Int64Var(&o.maxBody, "max-body", serve.DefaultMaxBody, "largest request body in bytes")
	fs.IntVar(&o.maxInstances, "max-instances", serve.DefaultMaxInstances, "most samples a request may hold")
	fs.Int64Var(&o.maxInflight, "max-inflight-bytes", serve.DefaultMaxInflightBytes, "most bytes of request bodies held at once, all requests together (429 past it); at least -max-body")
	fs.DurationVar(&o.drain, "drain", 30*time.Second, "how long SIGTERM waits for the requests in flight")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate (chain) to serve HTTPS with; needs -tls-key")
	fs.StringVar(&o.tlsKey, "tls-key", "", "PEM private key of -tls-cert")
	fs.StringVar(&o.tokenFile, "token-file", "", "file holding a bearer token every route but /healthz then requires")
	fs.BoolVar(&o.exposeStats, "expose-stats", false, "show the checkpoint's path and its scaling's training statistics in GET /v1/models/NAME")
	if err := cli.Parse(fs, args, stderr); err != nil {
		return nil, err
	}
	inflightSet := false
	fs.Visit(func(f *flag.Flag) { inflightSet = inflightSet || f.Name == "max-inflight-bytes" })
	if !inflightSet {
		o.maxInflight = max(o.maxInflight, o.maxBody)
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
	case o.maxInflight < o.maxBody:
		return nil, cli.Usagef("max-inflight-bytes", "must be at least -max-body (%d), got %d", o.maxBody, o.maxInflight)
	case o.tlsCert != "" && o.tlsKey == "":
		return nil, cli.Usagef("tls-key", "missing: -tls-cert needs it")
	case o.tlsKey != "" && o.tlsCert == "":
		return nil, cli.Usagef("tls-cert", "missing: -tls-key needs it")
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
	log := cli.Logger(stderr)
	opt, err := handlerOptions(o, log)
	if err != nil {
		return err
	}
	opt.Log = log
	tlsConf, err := loadTLS(o)
	if err != nil {
		return err
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
	errLog := log.WriterLevel(logrus.WarnLevel) // TLS handshakes that fail, say
	defer errLog.Close()
	srv := newServer(h, tlsConf, errLog)
	served, scheme := serveOn(srv, ln)
	log.WithFields(logrus.Fields{"checkpoint": o.ckpt, "model": o.name}).Infof("serving on %s://%s/v1/models/%s", scheme, ln.Addr(), o.name)
	warnExposure(log, o)
	if limit, ok := limitMemory(o.maxInflight); ok {
		log.Infof("soft memory limit %d MiB (the nets, -max-inflight-bytes and %d MiB; GOMEMLIMIT sets another)", limit>>20, memorySlack>>20)
	}
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

// newServer is the HTTP server of h, with its timeouts.
func newServer(h http.Handler, tlsConf *tls.Config, errLog io.Writer) *http.Server {
	return &http.Server{
		Handler:           h,
		TLSConfig:         tlsConf,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          stdlog.New(errLog, "", 0),
	}
}

// serveOn serves on ln, HTTPS if srv has a TLS configuration, until srv
// shuts down; it returns the channel of Serve's error and the scheme.
func serveOn(srv *http.Server, ln net.Listener) (<-chan error, string) {
	served := make(chan error, 1)
	if srv.TLSConfig != nil {
		go func() { served <- srv.ServeTLS(ln, "", "") }()
		return served, "https"
	}
	go func() { served <- srv.Serve(ln) }()
	return served, "http"
}

// handlerOptions turns the flags into the handler's options, reading
// -summary and -token-file.
func handlerOptions(o *options, log logrus.FieldLogger) (serve.Options, error) {
	opt := serve.Options{Name: o.name, Models: o.models, MaxBody: o.maxBody, MaxInstances: o.maxInstances,
		MaxInflightBytes: o.maxInflight, ExposeStats: o.exposeStats}
	if o.summary != "" {
		s, err := cli.ReadSummary(o.summary)
		if err != nil {
			return opt, fmt.Errorf("-summary: %w", err)
		}
		if err := checkSummary(o, s, log); err != nil {
			return opt, err
		}
		opt.Threshold = &s.Threshold
	}
	if o.tokenFile != "" {
		tok, err := readToken(o.tokenFile)
		if err != nil {
			return opt, fmt.Errorf("-token-file: %w", err)
		}
		opt.Token = tok
	}
	return opt, nil
}

// checkSummary refuses a -summary that cmd/score wrote for another
// checkpoint than the one served; one that records no checkpoint's
// SHA-256 (an older cmd/score's) is taken with a warning.
func checkSummary(o *options, s *cli.Summary, log logrus.FieldLogger) error {
	if s.CheckpointSHA256 == "" {
		log.Warnf("-summary %s does not say which checkpoint it scored (no checkpoint_sha256): its threshold may be another checkpoint's; cmd/score writes one that says", o.summary)
		return nil
	}
	sum, err := cli.FileSHA256(o.ckpt)
	if err != nil {
		return err
	}
	if sum != s.CheckpointSHA256 {
		return cli.Usagef("summary", "%s was written for another checkpoint (%s, SHA-256 %.12s...) than %s (SHA-256 %.12s...): score this one with cmd/score",
			o.summary, s.Checkpoint, s.CheckpointSHA256, o.ckpt, sum)
	}
	return nil
}

// readToken reads a bearer token: the file's one line, without its
// newline.
func readToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	b = bytes.TrimSuffix(bytes.TrimSuffix(b, []byte("\n")), []byte("\r"))
	if len(b) == 0 {
		return "", fmt.Errorf("%s is empty: want a token", path)
	}
	for _, c := range b {
		if c <= ' ' || c == 0x7f {
			return "", fmt.Errorf("%s: want a token of one line, without spaces or control characters", path)
		}
	}
	return string(b), nil
}

// loadTLS loads -tls-cert and -tls-key, if given.
func loadTLS(o *options) (*tls.Config, error) {
	if o.tlsCert == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
	if err != nil {
		return nil, fmt.Errorf("-tls-cert: %w (with -tls-key %s)", err, o.tlsKey)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// exposure says where other machines reach a server listening on addr:
// "" when they do not (a loopback address, or a name whose addresses are
// all loopback), "every interface" for no host, 0.0.0.0 or ::, else the
// address they reach. lookup resolves a host name; a name it cannot
// resolve is taken as reachable.
func exposure(addr string, lookup func(host string) ([]net.IP, error)) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		return "every interface"
	} else if ip != nil {
		return reachable(host, []net.IP{ip})
	}
	ips, err := lookup(host)
	if err != nil || len(ips) == 0 {
		return host + ", a name that may resolve to an address other machines reach"
	}
	return reachable(host, ips)
}

// reachable names the first of ips, host's, that is not loopback, or
// returns "" when all are.
func reachable(host string, ips []net.IP) string {
	for _, ip := range ips {
		switch {
		case ip.IsLoopback():
		case ip.String() == host:
			return host + ", an address other machines reach"
		default:
			return fmt.Sprintf("%s (%s), an address other machines reach", host, ip)
		}
	}
	return ""
}

// lookupHost resolves a host name to its addresses.
func lookupHost(host string) ([]net.IP, error) {
	return net.DefaultResolver.LookupIP(context.Background(), "ip", host)
}

// warnExposure warns when machines other than this one reach the server.
func warnExposure(log logrus.FieldLogger, o *options) {
	where := exposure(o.addr, lookupHost)
	if where == "" {
		return
	}
	var missing []string
	if o.tlsCert == "" {
		missing = append(missing, "no TLS (-tls-cert, -tls-key)")
	}
	if o.tokenFile == "" {
		missing = append(missing, "no token (-token-file)")
	}
	msg := fmt.Sprintf("-addr %s listens on %s: whoever reaches this machine reaches the model", o.addr, where)
	if len(missing) > 0 {
		msg += ", with " + strings.Join(missing, " and ")
	}
	log.Warn(msg + "; -addr 127.0.0.1:PORT keeps it to this machine")
}

// memorySlack is the soft memory limit's room beyond the nets and the
// request bodies: the values, the results, the connections.
const memorySlack = 128 << 20

// limitMemory sets a soft memory limit, unless GOMEMLIMIT has: the memory
// the loaded nets take, the bodies in flight, and memorySlack. The bodies
// hold no pointers, so that the collections the limit brings on are
// short, and the garbage of the requests served does not pile up to
// twice the bodies in flight before it is collected.
func limitMemory(inflight int64) (int64, bool) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	limit := int64(m.HeapAlloc) + inflight + memorySlack
	debug.SetMemoryLimit(limit)
	return limit, true
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/nets/serve"
	"github.com/sirupsen/logrus"
)

func server(t *testing.T, opt serve.Options) *httptest.Server {
	t.Helper()
	l := logrus.New()
	var logs bytes.Buffer
	l.SetOutput(&logs)
	opt.Log = l
	h, err := serve.New(clitest.Checkpoint(t, "dense", nil), opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		h.Close()
		if strings.Contains(logs.String(), "panic") {
			t.Errorf("the server logged a panic: %s", logs.String())
		}
	})
	return srv
}

// TestLoadTest runs a short load with bad requests against the handler:
// every good request succeeds and every bad one gets a 4xx.
func TestLoadTest(t *testing.T) {
	srv := server(t, serve.Options{Models: 2})
	var stdout, stderr bytes.Buffer
	args := []string{"-addr", strings.TrimPrefix(srv.URL, "http://"), "-clients", "4", "-duration", "2s", "-requests", "120", "-sizes", "1,3", "-bad"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	for _, want := range []string{"encode 1 ", "encode 3 ", "p50", "p99", "all "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestBadRequestsGet4xx sends each bad request once, the oversized body
// included, and checks the answers.
func TestBadRequestsGet4xx(t *testing.T) {
	srv := server(t, serve.Options{Models: 1, MaxBody: 64 << 10, MaxInstances: 5})
	o := &options{addr: strings.TrimPrefix(srv.URL, "http://"), model: "ae", sizes: []int{2}}
	m, err := describe(context.Background(), http.DefaultClient, srv.URL+"/v1/models/ae")
	if err != nil {
		t.Fatal(err)
	}
	if m.MaxBodyBytes != 64<<10 || m.MaxInstances != 5 || m.Scaling != "unit" {
		t.Fatalf("model %+v", m)
	}
	good, bad := requests(o, m, srv.URL)
	for _, r := range append(good, bad...) {
		st := &stats{}
		send(context.Background(), http.DefaultClient, r, st)
		if st.ok != 1 {
			t.Errorf("%s: unexpected answer %s", r.kind, st.lastWrong)
		}
	}
	if bad[len(bad)-1].oversize != 64<<10+1 {
		t.Errorf("the oversized request is %d bytes", bad[len(bad)-1].oversize)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name  string
		args  []string
		code  int
		want  string
		usage bool
	}{
		{"remote host", []string{"-addr", "10.0.0.1:8080"}, 2, "-addr: \"10.0.0.1:8080\": loadtest only talks to", true},
		{"named host", []string{"-addr", "example.com:80"}, 2, "-addr:", true},
		{"all interfaces", []string{"-addr", ":8080"}, 2, "-addr:", true},
		{"no port", []string{"-addr", "127.0.0.1"}, 2, "-addr:", true},
		{"bad port", []string{"-addr", "127.0.0.1:http"}, 2, "-addr:", true},
		{"no clients", []string{"-clients", "0"}, 2, "-clients:", true},
		{"too many clients", []string{"-clients", "100000"}, 2, "-clients:", true},
		{"too long", []string{"-duration", "11m"}, 2, "-duration:", true},
		{"zero duration", []string{"-duration", "0s"}, 2, "-duration:", true},
		{"no requests", []string{"-requests", "0"}, 2, "-requests:", true},
		{"bad sizes", []string{"-sizes", "1,0"}, 2, "-sizes:", true},
		{"negative body", []string{"-body-mb", "-1"}, 2, "-body-mb:", true},
		{"huge body", []string{"-body-mb", "5000"}, 2, "-body-mb:", true},
		{"argument", []string{"x"}, 2, "unexpected argument", true},
		{"unknown flag", []string{"-rate", "3"}, 2, "-rate", true},
		{"no server", []string{"-addr", "127.0.0.1:1", "-duration", "1s"}, 1, "-addr:", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), c.args, &bytes.Buffer{}, &stderr)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			clitest.CheckFailure(t, stderr.String(), c.want, c.usage)
		})
	}
}

// TestBodyMB pads every body to -body-mb MiB for a server that holds at
// most two of them at once: each request is answered, with 200 or 429,
// none fails, and the server saw bodies of that size.
func TestBodyMB(t *testing.T) {
	l := logrus.New()
	l.SetOutput(io.Discard)
	h, err := serve.New(clitest.Checkpoint(t, "dense", nil), serve.Options{Models: 1, MaxBody: 2 << 20, MaxInflightBytes: 2 << 20, Log: l})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	sizes := map[int64]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			mu.Lock()
			sizes[r.ContentLength]++
			mu.Unlock()
		}
		h.ServeHTTP(w, r)
	}))
	defer h.Close()
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	args := []string{"-addr", strings.TrimPrefix(srv.URL, "http://"), "-clients", "8", "-duration", "20s", "-requests", "40", "-sizes", "1", "-body-mb", "1"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, stderr.String(), stdout.String())
	}
	if len(sizes) != 1 || sizes[1<<20] != 40 {
		t.Errorf("the server saw bodies of %v bytes; want 40 of %d", sizes, 1<<20)
	}
	var answered, busy, errs int
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, "encode 1 ") {
			f := strings.Fields(line)
			fmt.Sscan(f[2], &answered)
			fmt.Sscan(f[3], &busy)
			fmt.Sscan(f[len(f)-1], &errs)
		}
	}
	if answered+busy != 40 || answered == 0 || errs != 0 || !strings.Contains(stdout.String(), "busy") {
		t.Errorf("%d answered, %d busy, %d errors of 40:\n%s", answered, busy, errs, stdout.String())
	}
	// a body over the server's limit is refused before the run
	args = []string{"-addr", strings.TrimPrefix(srv.URL, "http://"), "-requests", "1", "-body-mb", "3"}
	if code := run(context.Background(), args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "-body-mb") {
		t.Errorf("-body-mb over the limit: exit %d: %s", code, stderr.String())
	}
}

func TestRetryAfter(t *testing.T) {
	for h, want := range map[string]time.Duration{"": time.Second, "0": 0, "1": time.Second, " 2 ": 2 * time.Second, "60": maxRetryAfter, "-3": time.Second, "Wed, 21 Oct 2015 07:28:00 GMT": time.Second} {
		if got := retryAfter(h); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", h, got, want)
		}
	}
}

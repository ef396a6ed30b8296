package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// model is what the server says of its model (GET /v1/models/NAME).
type model struct {
	InputShape   []int  `json:"input_shape"`
	Scaling      string `json:"scaling"`
	MaxInstances int    `json:"max_instances"`
	MaxBodyBytes int64  `json:"max_body_bytes"`
}

// request is one request a client can send.
type request struct {
	kind        string // "encode 64" or a kind of bad request
	method, url string
	body        []byte
	oversize    int64 // a body of this many bytes, generated, instead of body
	bad         bool
}

// stats are the answers to one kind of request: ok the expected ones,
// busy the 429s and 503s of a server with no room for the request, wrong
// the unexpected answers and the requests that got none.
type stats struct {
	mu              sync.Mutex
	latencies       []time.Duration
	ok, busy, wrong int
	lastWrong       string
}

type report struct {
	kinds   []string
	stats   map[string]*stats
	elapsed time.Duration
	clients int
}

// loadTest asks the server for its model, builds the requests and runs
// the clients.
func loadTest(ctx context.Context, o *options) (*report, error) {
	base := "http://" + o.addr
	tr := &http.Transport{MaxIdleConnsPerHost: o.clients, MaxConnsPerHost: o.clients * 2, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	m, err := describe(ctx, client, base+"/v1/models/"+o.model)
	if err != nil {
		return nil, fmt.Errorf("-addr: %w", err)
	}
	if o.bodyBytes > m.MaxBodyBytes {
		return nil, fmt.Errorf("-body-mb: %d bytes is over the server's limit of %d", o.bodyBytes, m.MaxBodyBytes)
	}
	good, bad := requests(o, m, base)
	rep := &report{stats: map[string]*stats{}, clients: o.clients}
	for _, r := range append(slices.Clone(good), bad...) {
		if rep.stats[r.kind] == nil {
			rep.kinds = append(rep.kinds, r.kind)
			rep.stats[r.kind] = &stats{}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 3))
			for i := 0; ctx.Err() == nil && sent.Add(1) <= int64(o.requests); i++ {
				r := good[(i+c)%len(good)]
				if o.bad && rng.IntN(4) == 0 {
					r = bad[rng.IntN(len(bad)-1)]
					if rng.IntN(64) == 0 {
						r = bad[len(bad)-1] // the oversized body
					}
				}
				if wait := send(ctx, client, r, rep.stats[r.kind]); wait > 0 {
					sleep(ctx, wait)
				}
			}
		}()
	}
	wg.Wait()
	rep.elapsed = time.Since(start)
	if err := context.Cause(ctx); err != nil && err != context.DeadlineExceeded {
		return rep, err
	}
	return rep, nil
}

// describe reads the model's description.
func describe(ctx context.Context, client *http.Client, url string) (*model, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", url, resp.Status, strings.TrimSpace(string(b)))
	}
	var m model
	if err := json.Unmarshal(b, &m); err != nil || len(m.InputShape) == 0 {
		return nil, fmt.Errorf("GET %s: not a model description (%v)", url, err)
	}
	return &m, nil
}

// requests builds the good requests (one per size) and the bad ones, the
// oversized last.
func requests(o *options, m *model, base string) (good, bad []request) {
	size := 1
	for _, d := range m.InputShape {
		size *= d
	}
	hi := 1.0
	if m.Scaling == "unit" {
		hi = 255
	}
	rng := rand.New(rand.NewPCG(1, 2))
	instances := func(n, size int) []byte {
		b := []byte(`{"instances":[`)
		for r := range n {
			if r > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for j := range size {
				if j > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendFloat(b, float64(int(rng.Float64()*hi*100))/100, 'g', -1, 32)
			}
			b = append(b, ']')
		}
		return append(b, "]}"...)
	}
	url := base + "/v1/models/" + o.model
	for _, n := range o.sizes {
		good = append(good, request{kind: fmt.Sprintf("encode %d", n), method: "POST", url: url + ":encode", body: pad(instances(n, size), o.bodyBytes)})
	}
	one := instances(1, size)
	tooMany := []byte(`{"instances":[[0]` + strings.Repeat(",[0]", m.MaxInstances) + `]}`)
	overflow := []byte(`{"instances":[[1e39` + strings.Repeat(",0", size-1) + `]]}`)
	bad = []request{
		{kind: "bad: malformed JSON", method: "POST", url: url + ":encode", body: one[:len(one)/2], bad: true},
		{kind: "bad: wrong shape", method: "POST", url: url + ":encode", body: instances(1, size+1), bad: true},
		{kind: "bad: out of float32 range", method: "POST", url: url + ":encode", body: overflow, bad: true},
		{kind: "bad: unknown route", method: "POST", url: url + ":predictx", body: one, bad: true},
		{kind: "bad: wrong method", method: "GET", url: url + ":encode", bad: true},
		{kind: "bad: too many instances", method: "POST", url: url + ":encode", body: tooMany, bad: true},
		{kind: "bad: body over the limit", method: "POST", url: url + ":encode", oversize: m.MaxBodyBytes + 1, bad: true},
	}
	return good, bad
}

// pad pads the body {"instances":[...]} with spaces before its closing
// brackets, to n bytes.
func pad(b []byte, n int64) []byte {
	if int64(len(b)) >= n {
		return b
	}
	out := make([]byte, n)
	copy(out, b[:len(b)-2])
	for i := len(b) - 2; i < len(out)-2; i++ {
		out[i] = ' '
	}
	copy(out[len(out)-2:], b[len(b)-2:])
	return out
}

// maxRetryAfter caps the wait a busy server asks for.
const maxRetryAfter = 2 * time.Second

// send sends r and records the answer: a good request must get 200, a bad
// one a 4xx; either may get 429 or 503 from a busy server, and then send
// returns how long the server asks the client to wait (Retry-After, 1 s
// if it says nothing, at most maxRetryAfter).
func send(ctx context.Context, client *http.Client, r request, st *stats) time.Duration {
	var body io.Reader
	if r.oversize > 0 {
		body = io.MultiReader(strings.NewReader(`{"instances":[[`), &zeros{n: r.oversize - 15})
	} else if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		st.record(0, false, err.Error())
		return 0
	}
	if r.oversize > 0 {
		req.ContentLength = r.oversize
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0 // the run ended
		}
		st.record(0, false, err.Error())
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat := time.Since(start)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		st.mu.Lock()
		st.busy++
		st.mu.Unlock()
		return retryAfter(resp.Header.Get("Retry-After"))
	}
	ok := resp.StatusCode == http.StatusOK
	if r.bad {
		ok = resp.StatusCode >= 400 && resp.StatusCode < 500
	}
	st.record(lat, ok, resp.Status)
	return 0
}

// retryAfter reads a Retry-After of seconds: 1 s if it is not one, at
// most maxRetryAfter.
func retryAfter(h string) time.Duration {
	s, err := strconv.Atoi(strings.TrimSpace(h))
	if err != nil || s < 0 {
		return time.Second
	}
	return min(time.Duration(s)*time.Second, maxRetryAfter)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (s *stats) record(lat time.Duration, ok bool, what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		s.ok++
		s.latencies = append(s.latencies, lat)
	} else {
		s.wrong++
		s.lastWrong = what
	}
}

// zeros reads n bytes of "0,0,0,...", without holding them.
type zeros struct{ n, i int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.i >= z.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n-z.i)
	for j := range p[:k] {
		if (z.i+int64(j))%2 == 0 {
			p[j] = '0'
		} else {
			p[j] = ','
		}
	}
	z.i += k
	return int(k), nil
}

// print writes the table of figures.
func (rep *report) print(w io.Writer) {
	secs := rep.elapsed.Seconds()
	fmt.Fprintf(w, "%d clients for %.1fs\n", rep.clients, secs)
	fmt.Fprintf(w, "%-28s %9s %6s %9s %10s %10s %7s\n", "requests", "answered", "busy", "req/s", "p50", "p99", "errors")
	total, busy := 0, 0
	for _, k := range rep.kinds {
		s := rep.stats[k]
		if s.ok+s.busy+s.wrong == 0 {
			continue
		}
		total += s.ok
		busy += s.busy
		slices.Sort(s.latencies)
		fmt.Fprintf(w, "%-28s %9d %6d %9.1f %10s %10s %7d\n", k, s.ok, s.busy, float64(s.ok)/secs, quantile(s.latencies, 0.5), quantile(s.latencies, 0.99), s.wrong)
		if s.wrong > 0 {
			fmt.Fprintf(w, "%-28s last unexpected answer: %s\n", "", s.lastWrong)
		}
	}
	fmt.Fprintf(w, "%-28s %9d %6d %9.1f\n", "all", total, busy, float64(total)/secs)
}

func quantile(sorted []time.Duration, q float64) string {
	if len(sorted) == 0 {
		return "-"
	}
	d := sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
	return d.Round(10 * time.Microsecond).String()
}

func (rep *report) failures() int {
	n := 0
	for _, s := range rep.stats {
		n += s.wrong
	}
	return n
}

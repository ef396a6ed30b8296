package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// padded returns a valid encode body of exactly n bytes: one sample and
// spaces before the closing brackets.
func padded(t *testing.T, n int) []byte {
	t.Helper()
	b := body(rawSamples(1, 9), []int{784})
	if len(b) > n {
		t.Fatalf("a body of %d bytes is already longer than %d", len(b), n)
	}
	tail := b[len(b)-2:]
	return append(append(b[:len(b)-2:len(b)-2], bytes.Repeat([]byte{' '}, n-len(b))...), tail...)
}

// answer is a response's status, Retry-After and JSON error, or the error
// of a request that got none.
type answer struct {
	code       int
	retryAfter string
	msg        string
	err        error
}

func postTo(client *http.Client, url string, body io.Reader) answer {
	resp, err := client.Post(url, "application/json", body)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	var e struct{ Error string }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &e)
	return answer{code: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), msg: e.Error}
}

func (h *Handler) held() (used, peak int64) {
	h.inflight.mu.Lock()
	defer h.inflight.mu.Unlock()
	return h.inflight.used, h.inflight.peak
}

// waitHeld waits until the handler holds want bytes (not a timing
// assertion: the deadline only stops a hung test).
func waitHeld(t *testing.T, h *Handler, want int64) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		used, _ := h.held()
		if used == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the handler holds %d bytes, want %d", used, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestInflightBound holds the only net of the pool, so that the requests
// admitted wait with their bodies: with 600 kB bodies and 2 MiB in
// flight, three are admitted and the others get 429 at once, without
// buffering and with their bodies drained (no connection error); bodies
// without a Content-Length are bounded too. The bytes held never exceed
// the limit, and are all given back.
func TestInflightBound(t *testing.T) {
	const limit, size = 2 << 20, 600_000
	h := newHandler(t, checkpoint(t, seedSpec(t, "dense")), Options{Models: 1, MaxBody: 1 << 20, MaxInflightBytes: limit})
	srv := httptest.NewServer(h)
	defer srv.Close()
	url := srv.URL + "/v1/models/ae:encode"
	b := padded(t, size)
	withheld := <-h.models // every admitted request now waits for it
	returned := false
	defer func() {
		if !returned {
			h.models <- withheld
		}
	}()
	const n = 10
	answers := make(chan answer, n)
	for range n {
		go func() { answers <- postTo(srv.Client(), url, bytes.NewReader(b)) }()
	}
	timeout := time.After(30 * time.Second)
	for i := range n - 3 {
		select {
		case a := <-answers:
			if a.err != nil || a.code != http.StatusTooManyRequests || a.retryAfter == "" || !strings.Contains(a.msg, "in flight") {
				t.Fatalf("answer %d while the budget is spent: %+v; want 429 with Retry-After and a JSON error", i, a)
			}
		case <-timeout:
			t.Fatalf("%d answers of %d while the net is held; want %d 429s", i, n, n-3)
		}
	}
	waitHeld(t, h, 3*size)
	// a body of unknown length is refused too once it outgrows the rest
	if a := postTo(srv.Client(), url, io.MultiReader(bytes.NewReader(b))); a.err != nil || a.code != http.StatusTooManyRequests {
		t.Errorf("a chunked body over the budget: %+v; want 429", a)
	}
	h.models <- withheld
	returned = true
	for range 3 {
		if a := <-answers; a.err != nil || a.code != http.StatusOK {
			t.Errorf("an admitted request: %+v", a)
		}
	}
	waitHeld(t, h, 0)
	for _, c := range []struct {
		name string
		body io.Reader
		code int
	}{
		{"chunked", io.MultiReader(bytes.NewReader(b)), http.StatusOK},
		{"chunked over the body limit", io.MultiReader(bytes.NewReader(padded(t, 1<<20+1))), http.StatusRequestEntityTooLarge},
		{"declared over the body limit", bytes.NewReader(padded(t, 1<<20+1)), http.StatusRequestEntityTooLarge},
	} {
		if a := postTo(srv.Client(), url, c.body); a.err != nil || a.code != c.code {
			t.Errorf("%s: %+v; want %d", c.name, a, c.code)
		}
	}
	waitHeld(t, h, 0)
	if _, peak := h.held(); peak > limit || peak < 3*size {
		t.Errorf("peak of %d bytes in flight; want 3×%d, at most %d", peak, size, limit)
	}
}

func TestInflightOptions(t *testing.T) {
	path := checkpoint(t, seedSpec(t, "dense"))
	for _, opt := range []Options{{MaxInflightBytes: -1}, {MaxBody: 2 << 20, MaxInflightBytes: 1 << 20}} {
		var ce *ConfigError
		if _, err := New(path, opt); !errors.As(err, &ce) || ce.Field != "MaxInflightBytes" {
			t.Errorf("New(%+v) = %v; want a ConfigError of MaxInflightBytes", opt, err)
		}
	}
	h := newHandler(t, path, Options{Models: 1})
	if h.inflight.limit != DefaultMaxInflightBytes {
		t.Errorf("the default limit is %d", h.inflight.limit)
	}
}

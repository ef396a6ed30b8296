package serve

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// budget is a weighted semaphore that refuses rather than waits: it counts
// the request bytes held at once, up to limit, and remembers the peak.
type budget struct {
	mu          sync.Mutex
	used, limit int64
	peak        int64
}

// tryAcquire takes n bytes of the budget if they are free.
func (b *budget) tryAcquire(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.limit-b.used {
		return false
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return true
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
}

// firstChunk is what a body without a Content-Length holds at first; it
// then doubles as it fills.
const firstChunk = 64 << 10

// reqBody is a request's body, read whole, and the bytes of the budget it
// holds until release.
type reqBody struct {
	b    []byte
	held int64
	h    *Handler
}

func (b *reqBody) release() {
	b.h.inflight.release(b.held)
	b.held = 0
}

// readBody reads the request's body under the handler's budget: a body
// over MaxBody is a 413, and one the budget has no room for a 429, both
// without keeping its bytes. The caller releases the body.
func (h *Handler) readBody(r *http.Request) (*reqBody, error) {
	if r.ContentLength > h.opt.MaxBody {
		h.drain(r, h.opt.MaxBody)
		return nil, h.tooLarge()
	}
	if r.ContentLength >= 0 {
		return h.readSized(r)
	}
	return h.readChunked(r)
}

// readSized reads a body of a known length in one buffer of that length.
func (h *Handler) readSized(r *http.Request) (*reqBody, error) {
	n := r.ContentLength
	if !h.inflight.tryAcquire(n) {
		h.drain(r, n)
		return nil, h.busy()
	}
	bd := &reqBody{b: make([]byte, n), held: n, h: h}
	if _, err := io.ReadFull(r.Body, bd.b); err != nil {
		bd.release()
		return nil, badRequest("the body ended after fewer than its %d bytes: %v", n, err)
	}
	return bd, nil
}

// readChunked reads a body of unknown length into a buffer that doubles
// as it fills, each size taken from the budget before it is allocated.
func (h *Handler) readChunked(r *http.Request) (*reqBody, error) {
	bd := &reqBody{h: h}
	for {
		if len(bd.b) == cap(bd.b) {
			done, err := bd.grow(r)
			if err != nil {
				bd.release()
				return nil, err
			}
			if done {
				return bd, nil
			}
		}
		k, err := r.Body.Read(bd.b[len(bd.b):cap(bd.b)])
		bd.b = bd.b[:len(bd.b)+k]
		if errors.Is(err, io.EOF) {
			return bd, nil
		}
		if err != nil {
			bd.release()
			return nil, badRequest("reading the body: %v", err)
		}
	}
}

// grow doubles the buffer of a chunked body, up to MaxBody: a 413 past
// it, a 429 when the budget has no room. It reports whether the body
// ended exactly at MaxBody.
func (bd *reqBody) grow(r *http.Request) (done bool, err error) {
	h := bd.h
	if int64(cap(bd.b)) >= h.opt.MaxBody {
		var one [1]byte
		if k, _ := io.ReadFull(r.Body, one[:]); k == 0 {
			return true, nil
		}
		return false, h.tooLarge()
	}
	n := min(max(2*int64(cap(bd.b)), firstChunk), h.opt.MaxBody)
	if !h.inflight.tryAcquire(n - bd.held) {
		h.drain(r, h.opt.MaxBody-int64(len(bd.b)))
		return false, h.busy()
	}
	bd.held = n
	bd.b = append(make([]byte, 0, n), bd.b...)
	return false, nil
}

// drain reads and drops up to n bytes of a body the handler refuses, so
// that the client, still sending it, gets the answer rather than a reset
// connection. A client that waits for "100 Continue" has sent nothing:
// it gets the answer at once and the connection is closed.
func (h *Handler) drain(r *http.Request, n int64) {
	if strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return
	}
	io.CopyN(io.Discard, r.Body, n)
}

func (h *Handler) tooLarge() error {
	return &requestError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("the body is larger than %d bytes (the server's limit)", h.opt.MaxBody)}
}

func (h *Handler) busy() error {
	return &requestError{status: http.StatusTooManyRequests, retryAfter: "1",
		msg: fmt.Sprintf("the server already holds its %d bytes of requests in flight; retry later", h.inflight.limit)}
}

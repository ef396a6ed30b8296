package serve

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/sirupsen/logrus"
)

// Defaults of [Options].
const (
	DefaultName         = "ae"
	DefaultMaxBody      = 32 << 20
	DefaultMaxInstances = 1024
	// DefaultMaxInflightBytes bounds the request bytes held at once.
	DefaultMaxInflightBytes = 256 << 20
)

// Options configure a [Handler]. The zero value serves the model as "ae"
// with a pool of GOMAXPROCS nets, bodies up to 32 MiB, 1024 instances a
// request and 256 MiB of request bodies in flight, to anyone, without
// the checkpoint's path or its training statistics.
type Options struct {
	// Name is the model's name in the routes: /v1/models/NAME:encode.
	Name string
	// Models is the number of copies of the net that serve requests at
	// once; 0 means runtime.GOMAXPROCS(0).
	Models int
	// MaxBody is the largest request body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// MaxInstances is the most samples a request may hold; 0 means
	// DefaultMaxInstances.
	MaxInstances int
	// Threshold, if not nil, is the anomaly threshold of the scores (from
	// cmd/score's summary.json): :score then says which samples are
	// anomalies, and GET /v1/models/NAME reports it.
	Threshold *float64
	// MaxInflightBytes bounds the bytes of request bodies the handler
	// holds at once, all requests together: a request it has no room for
	// gets 429 with Retry-After, its body read and dropped, not kept.
	// A body with a Content-Length takes that many bytes, one without
	// takes them as it arrives. 0 means the larger of
	// DefaultMaxInflightBytes and MaxBody; it must not be below MaxBody.
	MaxInflightBytes int64
	// ExposeStats adds the checkpoint's path and its scaling's training
	// statistics (min, max, mean, std per feature) to GET
	// /v1/models/NAME, which otherwise shows neither.
	ExposeStats bool
	// Token, if not empty, is the bearer token every route but /healthz
	// requires (Authorization: Bearer TOKEN); a request without it gets
	// 401 with WWW-Authenticate. It is compared in constant time.
	Token string
	// Log receives the requests that fail inside the handler; nil means a
	// logger on standard error.
	Log logrus.FieldLogger
}

// A ConfigError reports a bad field of [Options].
type ConfigError struct {
	Field string
	Value any
	Want  string // what the field must be; empty means not negative
}

func (e *ConfigError) Error() string {
	want := e.Want
	if want == "" {
		want = "must not be negative"
	}
	return fmt.Sprintf("serve: Options.%s = %v: %s", e.Field, e.Value, want)
}

// Handler serves one checkpoint. It is safe for concurrent use.
type Handler struct {
	opt       Options
	ckpt      string
	models    chan *nets.Autoencoder
	info      modelInfo
	meta      metadata
	tokenSum  [sha256.Size]byte // of Options.Token
	shapes    [][]int           // the accepted shapes of one instance
	size      int               // values in one sample
	codeShape []int
	routes    map[string]route
	panics    atomic.Int64 // requests that reached the recover guard
	inflight  budget       // the request bytes held at once
}

// route is one path's method and work.
type route struct {
	method string
	serve  func(http.ResponseWriter, *http.Request) error
}

// New loads the checkpoint at ckptPath opt.Models times (default
// GOMAXPROCS) and returns a handler that serves it.
func New(ckptPath string, opt Options) (*Handler, error) {
	switch {
	case opt.Models < 0:
		return nil, &ConfigError{Field: "Models", Value: opt.Models}
	case opt.MaxBody < 0:
		return nil, &ConfigError{Field: "MaxBody", Value: opt.MaxBody}
	case opt.MaxInstances < 0:
		return nil, &ConfigError{Field: "MaxInstances", Value: opt.MaxInstances}
	case opt.MaxInflightBytes < 0:
		return nil, &ConfigError{Field: "MaxInflightBytes", Value: opt.MaxInflightBytes}
	}
	if opt.Name == "" {
		opt.Name = DefaultName
	}
	if opt.Models == 0 {
		opt.Models = runtime.GOMAXPROCS(0)
	}
	if opt.MaxBody == 0 {
		opt.MaxBody = DefaultMaxBody
	}
	if opt.MaxInstances == 0 {
		opt.MaxInstances = DefaultMaxInstances
	}
	if opt.MaxInflightBytes == 0 {
		opt.MaxInflightBytes = max(DefaultMaxInflightBytes, opt.MaxBody)
	}
	if opt.MaxInflightBytes < opt.MaxBody {
		return nil, &ConfigError{Field: "MaxInflightBytes", Value: opt.MaxInflightBytes, Want: fmt.Sprintf("must be at least MaxBody (%d)", opt.MaxBody)}
	}
	if opt.Log == nil {
		l := logrus.New()
		opt.Log = l
	}
	h := &Handler{opt: opt, ckpt: ckptPath, models: make(chan *nets.Autoencoder, opt.Models), tokenSum: sha256.Sum256([]byte(opt.Token))}
	h.inflight.limit = opt.MaxInflightBytes
	for range opt.Models {
		a, err := nets.Load(ckptPath)
		if err != nil {
			h.Close()
			return nil, fmt.Errorf("serve: %w", err)
		}
		// the pool's nets already run side by side: their chunks share
		// the cores, not each net's
		a.SetInferenceThreads(max(1, runtime.GOMAXPROCS(0)/opt.Models))
		h.models <- a
	}
	a := <-h.models
	h.describe(a)
	h.models <- a
	base := "/v1/models/" + opt.Name
	h.routes = map[string]route{
		"/healthz":            {http.MethodGet, h.health},
		base:                  {http.MethodGet, h.model},
		base + "/metadata":    {http.MethodGet, h.metadata},
		base + ":encode":      {http.MethodPost, h.encode},
		base + ":reconstruct": {http.MethodPost, h.reconstruct},
		base + ":score":       {http.MethodPost, h.score},
	}
	return h, nil
}

// describe records what GET /v1/models/NAME reports and the shapes an
// instance may take.
func (h *Handler) describe(a *nets.Autoencoder) {
	s := a.Spec()
	h.size = graph.Size(a.SampleShape())
	h.codeShape = a.CodeShape()
	sample := a.SampleShape()
	if img := a.ImageShape(); img != nil {
		sample = img
	}
	h.shapes = [][]int{{h.size}}
	add := func(shape []int) {
		if !slices.ContainsFunc(h.shapes, func(t []int) bool { return slices.Equal(t, shape) }) {
			h.shapes = append(h.shapes, shape)
		}
	}
	add(a.SampleShape())
	add(sample)
	if len(sample) == 3 && sample[0] == 1 {
		add(sample[1:]) // a grey image as H×W
	}
	scaling := "none"
	if sc := a.Scaler(); sc != nil {
		scaling = sc.Kind
	}
	spec := s
	spec.Scale = nil // its statistics, if shown, are scaling_stats
	h.info = modelInfo{
		Name: h.opt.Name, Spec: spec,
		InputShape: a.SampleShape(), SampleShape: sample, CodeShape: h.codeShape,
		InstanceShapes: h.shapes, Scaling: scaling, Loss: s.LossName(), Threshold: h.opt.Threshold,
		MaxInstances: h.opt.MaxInstances, MaxBodyBytes: h.opt.MaxBody, MaxInflightBytes: h.opt.MaxInflightBytes, Models: h.opt.Models,
		VersionStatus: []versionStatus{{Version: "1", State: "AVAILABLE", Status: statusOK{ErrorCode: "OK"}}},
	}
	if h.opt.ExposeStats {
		h.info.Checkpoint = h.ckpt
		if sc := a.Scaler(); sc != nil {
			h.info.ScalingStats = &scalingStats{Min: sc.Min, Max: sc.Max, Mean: sc.Mean, Std: sc.Std}
		}
	}
	h.meta = newMetadata(h.opt.Name, a.SampleShape(), h.codeShape, h.opt.Threshold != nil)
}

// Close releases the nets of the pool. It waits for the requests in
// flight to give theirs back, so call it after http.Server.Shutdown.
func (h *Handler) Close() error {
	n := cap(h.models)
	if h.routes == nil { // New failed: only the nets loaded so far are there
		n = len(h.models)
	}
	for range n {
		(<-h.models).Close()
	}
	return nil
}

// ServeHTTP routes a request. A panic is logged and answered with 500, as
// a last resort; no request the tests know of gets there.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			h.panics.Add(1)
			h.opt.Log.WithFields(logrus.Fields{"method": r.Method, "path": r.URL.Path, "panic": p}).Error("serve: panic")
			writeError(w, http.StatusInternalServerError, "internal error")
		}
	}()
	if h.opt.Token != "" && r.URL.Path != "/healthz" && !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+h.opt.Name+`"`)
		writeError(w, http.StatusUnauthorized, "a missing or wrong token: send Authorization: Bearer TOKEN")
		return
	}
	rt, ok := h.routes[r.URL.Path]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no route %s; the routes are %s", r.URL.Path, h.routeList()))
		return
	}
	if r.Method != rt.method && !(rt.method == http.MethodGet && r.Method == http.MethodHead) {
		w.Header().Set("Allow", rt.method)
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: method not allowed; use %s", r.Method, r.URL.Path, rt.method))
		return
	}
	if err := rt.serve(w, r); err != nil {
		var re *requestError
		if errors.As(err, &re) {
			if re.retryAfter != "" {
				w.Header().Set("Retry-After", re.retryAfter)
			}
			writeError(w, re.status, re.msg)
			return
		}
		h.opt.Log.WithFields(logrus.Fields{"path": r.URL.Path, "error": err}).Error("serve: request failed")
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// routeList names the routes for the 404 message.
func (h *Handler) routeList() string {
	var rs []string
	for p, rt := range h.routes {
		rs = append(rs, rt.method+" "+p)
	}
	slices.Sort(rs)
	return strings.Join(rs, ", ")
}

func (h *Handler) health(w http.ResponseWriter, _ *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

func (h *Handler) model(w http.ResponseWriter, _ *http.Request) error {
	writeJSON(w, http.StatusOK, h.info)
	return nil
}

func (h *Handler) metadata(w http.ResponseWriter, _ *http.Request) error {
	writeJSON(w, http.StatusOK, h.meta)
	return nil
}

// authorized reports whether the request carries the bearer token,
// compared in constant time (of the hashes, so that not even the token's
// length leaks).
func (h *Handler) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	sum := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(sum[:], h.tokenSum[:]) == 1
}

// borrow takes a net from the pool, waiting for one if all are busy.
func (h *Handler) borrow(ctx context.Context) (*nets.Autoencoder, error) {
	select {
	case a := <-h.models:
		return a, nil
	case <-ctx.Done():
		return nil, &requestError{status: http.StatusServiceUnavailable, msg: "the request ended while waiting for a free model: " + ctx.Err().Error()}
	}
}

// run reads a request's instances, borrows a net, and runs f on the
// instances scaled and padded to a bucket of rows (so that each net
// compiles a bounded number of programs); f's result has per values a row.
func (h *Handler) run(r *http.Request, f func(a *nets.Autoencoder, x []float32) ([]float32, error), per int) (*instances, []float32, error) {
	bd, err := h.readBody(r)
	if err != nil {
		return nil, nil, err
	}
	defer bd.release()
	in, err := h.parseInstances(bd.b)
	bd.b = nil // the values are all that is kept
	if err != nil {
		return nil, nil, err
	}
	a, err := h.borrow(r.Context())
	if err != nil {
		return nil, nil, err
	}
	defer func() { h.models <- a }()
	x, err := h.scale(a, in.values)
	if err != nil {
		return nil, nil, err
	}
	n := in.rows
	x = append(x, make([]float32, (bucket(n)-n)*h.size)...)
	out, err := f(a, x)
	if err != nil {
		return nil, nil, err
	}
	out = out[:n*per]
	if i := nonFinite(out); i >= 0 {
		return nil, nil, overflow(i/per, i%per)
	}
	return in, out, nil
}

// scale scales raw samples: a value that scales out of the float32 range
// is a bad request naming its instance.
func (h *Handler) scale(a *nets.Autoencoder, raw []float32) ([]float32, error) {
	x, err := a.Scale(raw)
	if err != nil {
		for r := 0; r*h.size < len(raw); r++ {
			if _, rerr := a.Scale(raw[r*h.size : (r+1)*h.size]); rerr != nil {
				return nil, badRequest("instance %d is out of range once scaled (%s): %v", r, h.info.Scaling, rerr)
			}
		}
		return nil, err
	}
	if i := nonFinite(x); i >= 0 {
		return nil, badRequest("instance %d is out of range once scaled (%s): value %d (%g) scales to %g", i/h.size, h.info.Scaling, i%h.size, raw[i], x[i])
	}
	return x, nil
}

// bucket rounds n up to a power of two up to 256, or a multiple of 256.
func bucket(n int) int {
	const chunk = 256
	if n > chunk {
		return (n + chunk - 1) / chunk * chunk
	}
	b := 1
	for b < n {
		b *= 2
	}
	return b
}

func (h *Handler) encode(w http.ResponseWriter, r *http.Request) error {
	per := graph.Size(h.codeShape)
	_, codes, err := h.run(r, (*nets.Autoencoder).Encode, per)
	if err != nil {
		return err
	}
	writePredictions(w, codes, h.codeShape)
	return nil
}

func (h *Handler) reconstruct(w http.ResponseWriter, r *http.Request) error {
	in, recon, err := h.run(r, func(a *nets.Autoencoder, x []float32) ([]float32, error) {
		rec, err := a.Reconstruct(x)
		if err != nil {
			return nil, err
		}
		return h.unscale(a, rec)
	}, h.size)
	if err != nil {
		return err
	}
	writePredictions(w, recon, in.shape)
	return nil
}

func (h *Handler) score(w http.ResponseWriter, r *http.Request) error {
	var scores []float64
	in, _, err := h.run(r, func(a *nets.Autoencoder, x []float32) ([]float32, error) {
		var err error
		if scores, err = a.AnomalyScores(x); err != nil {
			return nil, scoreFailure(a, x, err)
		}
		return nil, nil
	}, 0)
	if err != nil {
		return err
	}
	scores = scores[:in.rows]
	for i, s := range scores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return overflow(i, -1)
		}
	}
	writeScores(w, scores, h.opt.Threshold)
	return nil
}

// unscale takes reconstructions back to the data's units: one that
// overflows float32 there is the 422 of its instance.
func (h *Handler) unscale(a *nets.Autoencoder, rec []float32) ([]float32, error) {
	out, err := a.Unscale(rec)
	if err == nil {
		return out, nil
	}
	for r := 0; r*h.size < len(rec); r++ {
		if _, rerr := a.Unscale(rec[r*h.size : (r+1)*h.size]); rerr != nil {
			return nil, overflow(r, -1)
		}
	}
	return nil, err
}

// nonFinite returns the index of the first NaN or infinity of v, or -1.
func nonFinite(v []float32) int {
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return i
		}
	}
	return -1
}

// overflow is the 422 of a result that is not finite: the instance's
// values are finite float32s, but too large for the model.
func overflow(row, value int) error {
	where := fmt.Sprintf("instance %d", row)
	if value >= 0 {
		where += fmt.Sprintf(", value %d", value)
	}
	return &requestError{status: http.StatusUnprocessableEntity,
		msg: fmt.Sprintf("the result is not finite (%s overflows): the instance's values are too large for the model", where)}
}

// scoreFailure tells a score that overflowed (a 422) from a failure of
// the server: it reconstructs x again only when scoring failed.
func scoreFailure(a *nets.Autoencoder, x []float32, err error) error {
	rec, rerr := a.Reconstruct(x)
	if rerr != nil {
		return err
	}
	if i := nonFinite(rec); i >= 0 {
		return overflow(i/graph.Size(a.SampleShape()), -1)
	}
	return err
}

package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// checkpoint saves a freshly initialised net of spec and returns its path.
func checkpoint(t *testing.T, s nets.Spec) string {
	t.Helper()
	a, err := nets.New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	path := filepath.Join(t.TempDir(), s.Name+".safetensors")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func seedSpec(t *testing.T, arch string) nets.Spec {
	t.Helper()
	s, err := nets.Config{Arch: arch}.Spec()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// quietLog collects the handler's log.
func quietLog() (*logrus.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	l := logrus.New()
	l.SetOutput(&buf)
	return l, &buf
}

func newHandler(t *testing.T, path string, opt Options) *Handler {
	t.Helper()
	if opt.Log == nil {
		opt.Log, _ = quietLog()
	}
	h, err := New(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if n := h.panics.Load(); n != 0 {
			t.Errorf("%d requests reached the recover guard", n)
		}
		h.Close()
	})
	return h
}

// rawSamples returns n MNIST-like samples of 784 raw pixels (0..255).
func rawSamples(n int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n*784)
	for i := range x {
		x[i] = float32(rng.IntN(256))
	}
	return x
}

// body writes {"instances": ...} with each sample nested in shape.
func body(x []float32, shape []int) []byte {
	per := 1
	for _, d := range shape {
		per *= d
	}
	b := []byte(`{"instances":[`)
	for r := 0; r*per < len(x); r++ {
		if r > 0 {
			b = append(b, ',')
		}
		b = appendNested(b, x[r*per:(r+1)*per], shape)
	}
	return append(b, "]}"...)
}

// post sends a request to h and returns the status and body.
func do(h http.Handler, method, path string, b []byte) (int, []byte) {
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// predictions decodes {"predictions": ...} into flat float32 values (read
// as float32, as they were written) and the shape of one prediction.
func predictions(t *testing.T, b []byte) ([]float32, []int) {
	t.Helper()
	var resp struct {
		Predictions []json.RawMessage `json:"predictions"`
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	var vals []float32
	var shape []int
	for _, p := range resp.Predictions {
		sc := scanner{b: p, leaf: -1}
		if p[0] != '[' {
			v, err := strconv.ParseFloat(string(p), 32)
			if err != nil {
				t.Fatal(err)
			}
			vals = append(vals, float32(v))
			continue
		}
		if err := sc.value(0); err != nil {
			t.Fatal(err)
		}
		vals, shape = append(vals, sc.vals...), sc.shape
	}
	return vals, shape
}

func equalBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: value %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestResults checks that the three routes answer what EncodeRaw,
// ReconstructRaw and AnomalyScores give, bit for bit, for instances given
// flat or nested.
func TestResults(t *testing.T) {
	for _, arch := range []string{"dense", "conv"} {
		t.Run(arch, func(t *testing.T) {
			path := checkpoint(t, seedSpec(t, arch))
			h := newHandler(t, path, Options{Models: 2})
			a, err := nets.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			x := rawSamples(5, 1)
			codes, _ := a.EncodeRaw(x)
			recon, _ := a.ReconstructRaw(x)
			scaled, _ := a.Scale(x)
			scores, _ := a.AnomalyScores(scaled)
			for _, shape := range [][]int{{784}, {1, 28, 28}, {28, 28}} {
				b := body(x, shape)
				code, resp := do(h, "POST", "/v1/models/ae:encode", b)
				if code != 200 {
					t.Fatalf("%v encode: %d %s", shape, code, resp)
				}
				got, gotShape := predictions(t, resp)
				equalBits(t, "codes", got, codes)
				if want := a.CodeShape(); fmt.Sprint(gotShape) != fmt.Sprint(want) && !(len(want) == 1 && gotShape == nil) {
					t.Errorf("code shape %v, want %v", gotShape, want)
				}
				code, resp = do(h, "POST", "/v1/models/ae:reconstruct", b)
				if code != 200 {
					t.Fatalf("%v reconstruct: %d %s", shape, code, resp)
				}
				got, gotShape = predictions(t, resp)
				equalBits(t, "reconstructions", got, recon)
				if fmt.Sprint(gotShape) != fmt.Sprint(shape) {
					t.Errorf("reconstructions of shape %v for instances of shape %v", gotShape, shape)
				}
				code, resp = do(h, "POST", "/v1/models/ae:score", b)
				if code != 200 {
					t.Fatalf("%v score: %d %s", shape, code, resp)
				}
				var sr struct{ Predictions []float64 }
				if err := json.Unmarshal(resp, &sr); err != nil {
					t.Fatal(err)
				}
				for i, s := range sr.Predictions {
					if s != scores[i] {
						t.Fatalf("score %d is %v, want %v", i, s, scores[i])
					}
				}
			}
		})
	}
}

func TestDescribeAndThreshold(t *testing.T) {
	path := checkpoint(t, seedSpec(t, "dense"))
	thr := 0.5
	h := newHandler(t, path, Options{Name: "digits", Models: 1, Threshold: &thr, MaxInstances: 7})
	code, b := do(h, "GET", "/v1/models/digits", nil)
	if code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	var info struct {
		Name         string
		Spec         nets.Spec
		InputShape   []int   `json:"input_shape"`
		SampleShape  []int   `json:"sample_shape"`
		CodeShape    []int   `json:"code_shape"`
		Scaling      string  `json:"scaling"`
		Threshold    float64 `json:"threshold"`
		MaxInstances int     `json:"max_instances"`
	}
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatal(err)
	}
	if info.Name != "digits" || info.Spec.Name != "dense" || fmt.Sprint(info.InputShape) != "[784]" || fmt.Sprint(info.SampleShape) != "[1 28 28]" ||
		fmt.Sprint(info.CodeShape) != "[32]" || info.Scaling != "unit" || info.Threshold != 0.5 || info.MaxInstances != 7 {
		t.Errorf("model description %+v", info)
	}
	// white images reconstruct badly from fresh weights; black ones well
	x := make([]float32, 2*784)
	for i := 784; i < len(x); i++ {
		x[i] = 255
	}
	code, b = do(h, "POST", "/v1/models/digits:score", body(x, []int{784}))
	var sr struct {
		Predictions []float64
		Threshold   float64
		Anomalies   []bool
	}
	if err := json.Unmarshal(b, &sr); code != 200 || err != nil {
		t.Fatalf("%d %v %s", code, err, b)
	}
	if sr.Threshold != 0.5 || len(sr.Anomalies) != 2 || sr.Anomalies[0] != (sr.Predictions[0] > 0.5) || sr.Anomalies[1] != (sr.Predictions[1] > 0.5) {
		t.Errorf("score answer %+v", sr)
	}
	if code, b = do(h, "GET", "/healthz", nil); code != 200 || !strings.Contains(string(b), `"ok"`) {
		t.Errorf("healthz: %d %s", code, b)
	}
	if code, _ = do(h, "HEAD", "/healthz", nil); code != 200 {
		t.Errorf("HEAD healthz: %d", code)
	}
}

// TestErrors sends every kind of bad request: each gets its 4xx status and
// a JSON error, and none reaches the recover guard (checked at cleanup).
func TestErrors(t *testing.T) {
	path := checkpoint(t, seedSpec(t, "dense"))
	h := newHandler(t, path, Options{Models: 1, MaxInstances: 3, MaxBody: 64 << 10})
	one := string(body(rawSamples(1, 2), []int{784}))
	two := string(body(rawSamples(1, 3), []int{28, 28}))
	row := func(v string) string { return `{"instances":[[` + strings.Repeat("1,", 783) + v + `]]}` }
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"unknown route", "GET", "/v1/models/other", "", 404, "no route /v1/models/other"},
		{"unknown verb", "POST", "/v1/models/ae:predict", one, 404, "no route"},
		{"root", "GET", "/", "", 404, "no route"},
		{"GET encode", "GET", "/v1/models/ae:encode", "", 405, "use POST"},
		{"POST healthz", "POST", "/healthz", "{}", 405, "use GET"},
		{"DELETE model", "DELETE", "/v1/models/ae", "", 405, "use GET"},
		{"empty body", "POST", "/v1/models/ae:encode", "", 400, "not a JSON object"},
		{"not JSON", "POST", "/v1/models/ae:encode", "instances=1", 400, "not a JSON object"},
		{"truncated", "POST", "/v1/models/ae:encode", one[:100], 400, "not a JSON object"},
		{"an array", "POST", "/v1/models/ae:encode", "[[1,2]]", 400, "not a JSON object"},
		{"unknown field", "POST", "/v1/models/ae:encode", `{"inputs":[[1]]}`, 400, `unknown field "inputs"`},
		{"trailing data", "POST", "/v1/models/ae:encode", one + "{}", 400, "data after the JSON object"},
		{"no instances", "POST", "/v1/models/ae:encode", `{}`, 400, "no instances"},
		{"null instances", "POST", "/v1/models/ae:encode", `{"instances":null}`, 400, "no instances"},
		{"zero instances", "POST", "/v1/models/ae:score", `{"instances":[]}`, 400, "no instances"},
		{"instances a string", "POST", "/v1/models/ae:encode", `{"instances":"x"}`, 400, "not a JSON object"},
		{"too many", "POST", "/v1/models/ae:encode", `{"instances":[[1],[1],[1],[1]]}`, 400, "at most 3"},
		{"short row", "POST", "/v1/models/ae:encode", `{"instances":[[1,2,3]]}`, 400, "instance 0 has shape 3; the model takes 784, 1x28x28, 28x28"},
		{"long row", "POST", "/v1/models/ae:encode", row("1,1"), 400, "shape 785"},
		{"empty instance", "POST", "/v1/models/ae:encode", `{"instances":[[]]}`, 400, "an empty array"},
		{"scalar instance", "POST", "/v1/models/ae:encode", `{"instances":[1]}`, 400, "a number, not an array"},
		{"object instance", "POST", "/v1/models/ae:encode", `{"instances":[{"x":[1]}]}`, 400, "is not a number"},
		{"null value", "POST", "/v1/models/ae:encode", row("null"), 400, "null is not a number"},
		{"string value", "POST", "/v1/models/ae:reconstruct", row(`"1"`), 400, "is not a number"},
		{"bool value", "POST", "/v1/models/ae:score", row("true"), 400, "true is not a number"},
		{"float32 overflow", "POST", "/v1/models/ae:encode", row("1e39"), 400, "1e39 is out of the float32 range"},
		{"float64 overflow", "POST", "/v1/models/ae:encode", row("1e999"), 400, "1e999 is out of the float32 range"},
		{"NaN literal", "POST", "/v1/models/ae:encode", row("NaN"), 400, "not a JSON object"},
		{"ragged", "POST", "/v1/models/ae:encode", `{"instances":[[[1,2],[3]]]}`, 400, "ragged"},
		{"uneven nesting", "POST", "/v1/models/ae:encode", `{"instances":[[[1,2],3]]}`, 400, "nested unevenly"},
		{"uneven nesting 2", "POST", "/v1/models/ae:encode", `{"instances":[[1,[2]]]}`, 400, "nested unevenly"},
		{"mixed shapes", "POST", "/v1/models/ae:encode", `{"instances":[` + one[14:len(one)-2] + `,` + two[14:len(two)-2] + `]}`, 400, "instance 1 has shape 28x28, instance 0 784"},
		{"wrong image shape", "POST", "/v1/models/ae:encode", string(body(rawSamples(1, 3), []int{14, 56})), 400, "shape 14x56"},
		{"too large", "POST", "/v1/models/ae:encode", `{"instances":[[` + strings.Repeat("1.000000,", 10000) + `1]]}`, 413, "larger than 65536 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, b := do(h, c.method, c.path, []byte(c.body))
			var e struct{ Error string }
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("not a JSON error: %v: %s", err, b)
			}
			if status != c.status || !strings.Contains(e.Error, c.msg) {
				t.Errorf("%d %q; want %d and an error containing %q", status, e.Error, c.status, c.msg)
			}
		})
	}
	if code, _ := do(h, "POST", "/v1/models/ae:encode", []byte(one)); code != 200 {
		t.Errorf("a good request after the bad ones: %d", code)
	}
}

// TestScaledOverflow: a value finite in float32 that scaling sends to
// infinity is a bad request too.
func TestScaledOverflow(t *testing.T) {
	s := seedSpec(t, "dense")
	std := make([]float32, 784)
	for i := range std {
		std[i] = 1e-30
	}
	s.Scale = &data.Scaler{Kind: data.ScaleStandard, Mean: make([]float32, 784), Std: std}
	h := newHandler(t, checkpoint(t, s), Options{Models: 1})
	x := make([]float32, 784)
	x[5] = 3e38
	code, b := do(h, "POST", "/v1/models/ae:encode", body(x, []int{784}))
	if code != 400 || !strings.Contains(string(b), "instance 0 is out of range once scaled (standard)") || !strings.Contains(string(b), "5") {
		t.Errorf("%d %s", code, b)
	}
}

func TestNewErrors(t *testing.T) {
	path := checkpoint(t, seedSpec(t, "dense"))
	for _, c := range []struct {
		name string
		path string
		opt  Options
		msg  string
	}{
		{"missing file", filepath.Join(t.TempDir(), "none.safetensors"), Options{}, "none.safetensors"},
		{"negative models", path, Options{Models: -1}, "Options.Models = -1"},
		{"negative body", path, Options{MaxBody: -1}, "Options.MaxBody = -1"},
		{"negative instances", path, Options{MaxInstances: -2}, "Options.MaxInstances = -2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h, err := New(c.path, c.opt)
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("New = %v, %v; want an error containing %q", h, err, c.msg)
			}
		})
	}
}

// TestConcurrent sends requests of every route and many sizes from many
// goroutines to a pool smaller than their number; run with -race.
func TestConcurrent(t *testing.T) {
	path := checkpoint(t, seedSpec(t, "dense"))
	h := newHandler(t, path, Options{Models: 3})
	srv := httptest.NewServer(h)
	defer srv.Close()
	a, err := nets.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	x := rawSamples(40, 4)
	codes, _ := a.EncodeRaw(x)
	recon, _ := a.ReconstructRaw(x)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for range 8 {
				n := 1 + rng.IntN(40)
				route, want, per := ":encode", codes, 32
				if rng.IntN(2) == 0 {
					route, want, per = ":reconstruct", recon, 784
				}
				resp, err := http.Post(srv.URL+"/v1/models/ae"+route, "application/json", bytes.NewReader(body(x[:n*784], []int{784})))
				if err != nil {
					errs <- err
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("%s of %d: %d %s", route, n, resp.StatusCode, b)
					return
				}
				got, _ := predictions(t, b)
				for i := range got {
					if got[i] != want[i] {
						errs <- fmt.Errorf("%s of %d: value %d is %v, want %v", route, n, i, got[i], want[i])
						return
					}
				}
				_ = per
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestShutdownLeavesNoGoroutine serves requests from a real server, shuts
// it down while a request is in flight, and checks that the request is
// answered and that no goroutine is left behind.
func TestShutdownLeavesNoGoroutine(t *testing.T) {
	path := checkpoint(t, seedSpec(t, "dense"))
	before := runtime.NumGoroutine()
	h, err := New(path, Options{Models: 2})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	tr := &http.Transport{}
	client := &http.Client{Transport: tr}
	url := "http://" + ln.Addr().String() + "/v1/models/ae:reconstruct"
	b := body(rawSamples(200, 5), []int{784})
	var wg sync.WaitGroup
	results := make(chan int, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Post(url, "application/json", bytes.NewReader(b))
			if err != nil {
				results <- -1
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			results <- resp.StatusCode
		}()
	}
	time.Sleep(10 * time.Millisecond) // some requests in flight (not a timing assertion)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(results)
	for code := range results {
		// a request the server had accepted is answered; one that came
		// after the listener closed fails to connect
		if code != 200 && code != -1 {
			t.Errorf("a request got %d during shutdown", code)
		}
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Errorf("Serve returned %v", err)
	}
	h.Close()
	tr.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after shutdown, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
	if h.panics.Load() != 0 {
		t.Error("a request reached the recover guard")
	}
}

// TestBucket checks the row counts programs are compiled for.
func TestBucket(t *testing.T) {
	for n, want := range map[int]int{1: 1, 2: 2, 3: 4, 64: 64, 65: 128, 256: 256, 257: 512, 600: 768} {
		if got := bucket(n); got != want {
			t.Errorf("bucket(%d) = %d, want %d", n, got, want)
		}
	}
}

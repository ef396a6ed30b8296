package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// TestNonFiniteResult: a value finite in float32 that overflows inside a
// model without scaling (3e38 through its dense layers) is a 422 with a
// JSON error on every route, never a null in the predictions.
func TestNonFiniteResult(t *testing.T) {
	s := seedSpec(t, "dense")
	s.Scale, s.Output, s.Loss = nil, "linear", "mse"
	for _, l := range [][]nets.Layer{s.Encoder, s.Decoder} {
		l[len(l)-1].Activation = "linear"
	}
	h := newHandler(t, checkpoint(t, s), Options{Models: 1})
	x := make([]float32, 784)
	for i := range x {
		x[i] = 3e38
	}
	for _, route := range []string{"encode", "reconstruct", "score"} {
		code, b := do(h, "POST", "/v1/models/ae:"+route, body(x, []int{784}))
		var e struct{ Error string }
		if err := json.Unmarshal(b, &e); err != nil || code != http.StatusUnprocessableEntity || !strings.Contains(e.Error, "not finite") || strings.Contains(string(b), "null") {
			t.Errorf("%s: %d %s; want 422 and a JSON error", route, code, b)
		}
	}
}

// TestUnscaleOverflow: a reconstruction that overflows float32 only when
// taken back to the data's units (a standard scaler whose std is near
// float32's largest value) is a 422 naming the instance, not a 500.
func TestUnscaleOverflow(t *testing.T) {
	s := seedSpec(t, "dense")
	s.Output, s.Loss = "linear", "mse"
	for _, l := range [][]nets.Layer{s.Encoder, s.Decoder} {
		l[len(l)-1].Activation = "linear"
	}
	sc := &data.Scaler{Kind: data.ScaleStandard, Mean: make([]float32, 784), Std: make([]float32, 784)}
	for i := range sc.Std {
		sc.Std[i] = 3.4e38
	}
	s.Scale = sc
	h := newHandler(t, checkpoint(t, s), Options{Models: 1})
	x := make([]float32, 784)
	for i := range x {
		x[i] = 3.4e38 * float32(1-2*(i%2)) // scaled to ±1
	}
	code, b := do(h, "POST", "/v1/models/ae:reconstruct", body(x, []int{784}))
	var e struct{ Error string }
	if err := json.Unmarshal(b, &e); err != nil || code != http.StatusUnprocessableEntity || !strings.Contains(e.Error, "instance 0") {
		t.Errorf("reconstruct: %d %s; want 422 naming instance 0", code, b)
	}
}

// minmaxCheckpoint saves a dense net with min-max scaling fitted on made-up
// statistics.
func minmaxCheckpoint(t *testing.T) (string, *data.Scaler) {
	s := seedSpec(t, "dense")
	sc := &data.Scaler{Kind: data.ScaleMinMax, Min: make([]float32, 784), Max: make([]float32, 784)}
	for i := range sc.Max {
		sc.Min[i], sc.Max[i] = float32(i%3), 200+float32(i%7)
	}
	s.Scale = sc
	return checkpoint(t, s), sc
}

func getJSON(t *testing.T, h http.Handler, path string) map[string]any {
	t.Helper()
	code, b := do(h, "GET", path, nil)
	var m map[string]any
	if err := json.Unmarshal(b, &m); code != 200 || err != nil {
		t.Fatalf("GET %s: %d %v %s", path, code, err, b)
	}
	return m
}

// TestModelHidesStats: GET /v1/models/NAME shows neither the checkpoint's
// path nor the training statistics of its scaling unless ExposeStats.
func TestModelHidesStats(t *testing.T) {
	path, sc := minmaxCheckpoint(t)
	h := newHandler(t, path, Options{Models: 1})
	_, b := do(h, "GET", "/v1/models/ae", nil)
	for _, leak := range []string{filepath.Dir(path), filepath.Base(path), `"checkpoint"`, `"Min"`, `"min"`, `"Max"`, `"max"`, "206"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the model's description shows %s: %.300s", leak, b)
		}
	}
	if m := getJSON(t, h, "/v1/models/ae"); m["scaling"] != "minmax" {
		t.Errorf("scaling %v, want minmax", m["scaling"])
	}
	h = newHandler(t, path, Options{Models: 1, ExposeStats: true})
	var info struct {
		Checkpoint   string `json:"checkpoint"`
		ScalingStats struct {
			Min, Max []float32
		} `json:"scaling_stats"`
	}
	_, b = do(h, "GET", "/v1/models/ae", nil)
	if err := json.Unmarshal(b, &info); err != nil || info.Checkpoint != path ||
		!slices.Equal(info.ScalingStats.Min, sc.Min) || !slices.Equal(info.ScalingStats.Max, sc.Max) {
		t.Errorf("with ExposeStats: %v %.300s", err, b)
	}
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// checkKeys reports every key of v, at any depth, that is not lower snake
// case.
func checkKeys(t *testing.T, where string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if !snake.MatchString(k) {
				t.Errorf("%s: key %q is not lower snake case", where, k)
			}
			checkKeys(t, where+"."+k, e)
		}
	case []any:
		for i, e := range v {
			checkKeys(t, fmt.Sprintf("%s[%d]", where, i), e)
		}
	}
}

// TestSnakeCaseKeys: every key of every JSON answer is lower snake case.
func TestSnakeCaseKeys(t *testing.T) {
	path, _ := minmaxCheckpoint(t)
	thr := 0.25
	for _, expose := range []bool{false, true} {
		h := newHandler(t, path, Options{Models: 1, ExposeStats: expose, Threshold: &thr})
		checkKeys(t, "model", getJSON(t, h, "/v1/models/ae"))
		checkKeys(t, "metadata", getJSON(t, h, "/v1/models/ae/metadata"))
		checkKeys(t, "healthz", getJSON(t, h, "/healthz"))
	}
}

// TestMetadata: GET /v1/models/NAME/metadata describes the signatures as
// TensorFlow Serving does.
func TestMetadata(t *testing.T) {
	h := newHandler(t, checkpoint(t, seedSpec(t, "dense")), Options{Name: "digits", Models: 1})
	code, b := do(h, "GET", "/v1/models/digits/metadata", nil)
	type tensor struct {
		Dtype       string `json:"dtype"`
		Name        string `json:"name"`
		TensorShape struct {
			Dim []struct {
				Size string `json:"size"`
			} `json:"dim"`
		} `json:"tensor_shape"`
	}
	var md struct {
		ModelSpec struct {
			Name, Version string
		} `json:"model_spec"`
		Metadata struct {
			SignatureDef struct {
				SignatureDef map[string]struct {
					Inputs     map[string]tensor `json:"inputs"`
					Outputs    map[string]tensor `json:"outputs"`
					MethodName string            `json:"method_name"`
				} `json:"signature_def"`
			} `json:"signature_def"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(b, &md); code != 200 || err != nil {
		t.Fatalf("%d %v %s", code, err, b)
	}
	dims := func(tn tensor) string {
		var s []string
		for _, d := range tn.TensorShape.Dim {
			s = append(s, d.Size)
		}
		return tn.Dtype + " " + strings.Join(s, ",")
	}
	sigs := md.Metadata.SignatureDef.SignatureDef
	if md.ModelSpec.Name != "digits" || md.ModelSpec.Version != "1" || len(sigs) != 3 {
		t.Fatalf("metadata %s", b)
	}
	for name, want := range map[string][2]string{
		"encode":      {"DT_FLOAT -1,784", "DT_FLOAT -1,32"},
		"reconstruct": {"DT_FLOAT -1,784", "DT_FLOAT -1,784"},
		"score":       {"DT_FLOAT -1,784", "DT_DOUBLE -1"},
	} {
		sig := sigs[name]
		if len(sig.Inputs) != 1 || len(sig.Outputs) != 1 || sig.MethodName == "" {
			t.Errorf("signature %s: %+v", name, sig)
		}
		for _, in := range sig.Inputs {
			if dims(in) != want[0] {
				t.Errorf("%s input %s, want %s", name, dims(in), want[0])
			}
		}
		for _, out := range sig.Outputs {
			if dims(out) != want[1] {
				t.Errorf("%s output %s, want %s", name, dims(out), want[1])
			}
		}
	}
}

// TestToken: with a token, every route but /healthz wants it as a bearer
// token and answers 401 with WWW-Authenticate without it, even a route
// that does not exist (whose 404 would list the routes).
func TestToken(t *testing.T) {
	h := newHandler(t, checkpoint(t, seedSpec(t, "dense")), Options{Models: 1, Token: "s3cret-token"})
	one := body(rawSamples(1, 2), []int{784})
	for _, c := range []struct {
		name, method, path, auth string
		code                     int
	}{
		{"no token", "POST", "/v1/models/ae:encode", "", 401},
		{"wrong token", "POST", "/v1/models/ae:encode", "Bearer s3cret-tokem", 401},
		{"prefix of the token", "GET", "/v1/models/ae", "Bearer s3cret", 401},
		{"longer token", "GET", "/v1/models/ae", "Bearer s3cret-token2", 401},
		{"not bearer", "GET", "/v1/models/ae", "Basic s3cret-token", 401},
		{"unknown route", "GET", "/v1/models/other", "", 401},
		{"metadata", "GET", "/v1/models/ae/metadata", "", 401},
		{"right token", "POST", "/v1/models/ae:encode", "Bearer s3cret-token", 200},
		{"scheme in lower case", "GET", "/v1/models/ae", "bearer s3cret-token", 200},
		{"healthz", "GET", "/healthz", "", 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, strings.NewReader(string(one)))
			if c.auth != "" {
				req.Header.Set("Authorization", c.auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.code {
				t.Fatalf("%d %s; want %d", rec.Code, rec.Body, c.code)
			}
			if c.code == 401 {
				var e struct{ Error string }
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" || strings.Contains(e.Error, "routes") {
					t.Errorf("401 body %s", rec.Body)
				}
				if !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("WWW-Authenticate %q", rec.Header().Get("WWW-Authenticate"))
				}
			}
		})
	}
}

package serve

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// TestServeWindows: a net of sequences (conv1d-ts over windows of 32
// steps) takes a window per instance, as (channels, steps) or flat, and
// its reconstructions are windows of the same shape; its scores are the
// same whichever the form.
func TestServeWindows(t *testing.T) {
	s, err := nets.Named("conv1d-ts")
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.ForData([]int{1, 32}); err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, checkpoint(t, s), Options{Name: "ts"})
	x := make([]float32, 2*32)
	for i := range x {
		x[i] = float32(math.Sin(float64(i) / 3))
	}
	var scores [][]float64
	for _, shape := range [][]int{{1, 32}, {32}} {
		code, b := do(h, "POST", "/v1/models/ts:score", body(x, shape))
		var sr struct{ Predictions []float64 }
		if err := json.Unmarshal(b, &sr); code != 200 || err != nil || len(sr.Predictions) != 2 {
			t.Fatalf("windows as %v: %d %v %s", shape, code, err, b)
		}
		scores = append(scores, sr.Predictions)
		code, b = do(h, "POST", "/v1/models/ts:reconstruct", body(x, shape))
		if code != 200 {
			t.Fatalf("reconstruct %v: %d %s", shape, code, b)
		}
		if vals, one := predictions(t, b); len(vals) != 64 || len(one) != len(shape) {
			t.Fatalf("reconstruct %v: %d values, each of shape %v", shape, len(vals), one)
		}
	}
	if scores[0][0] != scores[1][0] || scores[0][1] != scores[1][1] {
		t.Fatalf("scores %v as (1, 32), %v flat", scores[0], scores[1])
	}
	code, b := do(h, "POST", "/v1/models/ts:score", body(x[:48], []int{1, 24}))
	if code != 400 {
		t.Fatalf("a window of 24 steps: %d %s", code, b)
	}
}

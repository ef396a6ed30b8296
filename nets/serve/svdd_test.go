package serve

import (
	"encoding/json"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
)

// TestScoreSVDD: the server scores a Deep SVDD model by the squared
// distance of each code to the centre, which it computes here from the
// codes the model gives.
func TestScoreSVDD(t *testing.T) {
	s := seedSpec(t, "dense")
	s.Name = "svdd"
	s.Encoder = []nets.Layer{nets.Dense(3, graph.Linear).NoBias()}
	s.Objective, s.SVDD = nets.ObjectiveSVDD, &nets.SVDD{Center: []float32{0.5, -0.5, 0.25}}
	path := checkpoint(t, s)
	h := newHandler(t, path, Options{Models: 1})
	a, err := nets.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	x := rawSamples(4, 2)
	codes, err := a.EncodeRaw(x)
	if err != nil {
		t.Fatal(err)
	}
	code, resp := do(h, "POST", "/v1/models/ae:score", body(x, []int{784}))
	if code != 200 {
		t.Fatalf("score: %d %s", code, resp)
	}
	var sr struct{ Predictions []float64 }
	if err := json.Unmarshal(resp, &sr); err != nil {
		t.Fatal(err)
	}
	want, err := nets.SquaredDistances(codes, s.SVDD.Center)
	if err != nil {
		t.Fatal(err)
	}
	if len(sr.Predictions) != 4 {
		t.Fatalf("%d scores for 4 instances", len(sr.Predictions))
	}
	for i, v := range sr.Predictions {
		if v != want[i] {
			t.Errorf("score %d is %v, the squared distance %v", i, v, want[i])
		}
	}
}

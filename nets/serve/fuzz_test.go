package serve

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// FuzzRequests: any body posted to any route of a small model gets a 2xx
// or a 4xx answer, never a 5xx or a panic.
func FuzzRequests(f *testing.F) {
	s, err := nets.Stack(3).ForData([]int{4})
	if err != nil {
		f.Fatal(err)
	}
	a, err := nets.New(s)
	if err != nil {
		f.Fatal(err)
	}
	tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: 8})
	if err != nil {
		f.Fatal(err)
	}
	path := filepath.Join(f.TempDir(), "tiny.safetensors")
	if err := tr.Save(path); err != nil {
		f.Fatal(err)
	}
	log, _ := quietLog()
	h, err := New(path, Options{Models: 1, Log: log})
	if err != nil {
		f.Fatal(err)
	}
	defer h.Close()
	routes := []string{"encode", "reconstruct", "score", "predict"}
	f.Add(uint8(0), []byte(`{"instances": [[1, 2, 3, 4]]}`))
	f.Add(uint8(1), []byte(`{"instances": [[[1], [2], [3], [4]]]}`))
	f.Add(uint8(2), []byte(`{"instances": [[1, 2, 3, 4], [0, 0, 0, 1e38]]}`))
	f.Add(uint8(0), []byte(`{"instances": [[1, 2, 3]]}`))
	f.Add(uint8(0), []byte(`{"instances": [[NaN, 2, 3, 4]]}`))
	f.Add(uint8(3), []byte(`{"instances": null}`))
	f.Fuzz(func(t *testing.T, route uint8, b []byte) {
		code, resp := do(h, http.MethodPost, "/v1/models/ae:"+routes[int(route)%len(routes)], b)
		if code >= 500 || h.panics.Load() != 0 {
			t.Fatalf("%q: %d %s", b, code, resp)
		}
	})
}

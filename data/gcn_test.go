package data

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestGCNL1HandWorked checks gcn-l1 against a hand-worked example.
//
// Sample [0 2 4 6]: mean 3, centred [-3 -1 1 3], mean absolute deviation
// 2, normalised [-1.5 -0.5 0.5 1.5]. Sample [1 1 1 5]: mean 2, centred
// [-1 -1 -1 3], deviation 1.5, normalised [-2/3 -2/3 -2/3 2]. The bounds
// are -1.5 and 2, so v maps to (v+1.5)/3.5. A constant sample, which has
// no contrast, normalises to zeros: 1.5/3.5.
func TestGCNL1HandWorked(t *testing.T) {
	s := &Set{X: []float32{0, 2, 4, 6, 1, 1, 1, 5}, Shape: []int{4}, Source: "hand"}
	c, err := FitScaler(ScaleGCNL1, s)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != ScaleGCNL1 || c.Size != 4 || c.Min[0] != -1.5 || c.Max[0] != 2 || c.Features() != 4 {
		t.Fatalf("fitted %+v, want gcn-l1 of size 4 with bounds -1.5 and 2", c)
	}
	x := []float32{0, 2, 4, 6, 1, 1, 1, 5, 7, 7, 7, 7}
	if err := c.Apply(x); err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 1 / 3.5, 2 / 3.5, 3 / 3.5, (1.5 - 2.0/3) / 3.5, (1.5 - 2.0/3) / 3.5, (1.5 - 2.0/3) / 3.5, 1, 1.5 / 3.5, 1.5 / 3.5, 1.5 / 3.5, 1.5 / 3.5}
	for i, v := range x {
		if math.Abs(float64(v)-want[i]) > 1e-6 {
			t.Errorf("value %d: %v, want %v", i, v, want[i])
		}
	}
	// a scaled sample's min-max step inverts to its contrast-normalised values
	y := []float32{0, 1}
	c2 := &Scaler{Kind: ScaleGCNL1, Size: 2, Min: []float32{-1.5}, Max: []float32{2}}
	if err := c2.Invert(y); err != nil || y[0] != -1.5 || y[1] != 2 {
		t.Errorf("Invert: %v, %v; want [-1.5 2]", y, err)
	}
	// the scaler travels as JSON
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back Scaler
	if err := json.Unmarshal(b, &back); err != nil || back.Check() != nil || back.Size != 4 || back.Min[0] != c.Min[0] {
		t.Errorf("round trip of %s: %+v, %v", b, back, err)
	}
}

// TestGCNL1Errors checks the bad cases: a value that is not finite, a
// partial sample, a malformed scaler.
func TestGCNL1Errors(t *testing.T) {
	s := &Set{X: []float32{0, float32(math.NaN()), 1, 2}, Shape: []int{2}, Source: "nan.csv"}
	if _, err := FitScaler(ScaleGCNL1, s); err == nil || !strings.Contains(err.Error(), "nan.csv") {
		t.Errorf("fit on a NaN: %v", err)
	}
	c := &Scaler{Kind: ScaleGCNL1, Size: 2, Min: []float32{0}, Max: []float32{1}}
	if err := c.Apply([]float32{1, 2, 3}); err == nil {
		t.Error("3 values scaled as samples of 2")
	}
	for _, bad := range []*Scaler{{Kind: ScaleGCNL1, Min: []float32{0}, Max: []float32{1}}, {Kind: ScaleGCNL1, Size: 2, Min: []float32{2}, Max: []float32{1}}} {
		if err := bad.Check(); err == nil {
			t.Errorf("%+v passes Check", bad)
		}
	}
}

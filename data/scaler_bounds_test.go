package data

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestMinMaxHugeRange guards issue 23: min-max scaling of a column
// holding -3e38 and 3e38 gave NaN (hi-lo overflowed float32).
func TestMinMaxHugeRange(t *testing.T) {
	x := []float32{-3e38, 1, 3e38, 2, 0, 3}
	s := &Set{X: x, Shape: []int{2}}
	c, err := FitScaler(ScaleMinMax, s)
	if err != nil {
		t.Fatal(err)
	}
	y := append([]float32(nil), x...)
	if err := c.Apply(y); err != nil {
		t.Fatal(err)
	}
	want := []float32{0, 0, 1, 0.5, 0.5, 1}
	if !close32(y, want, 1e-6) {
		t.Fatalf("Apply = %v, want %v", y, want)
	}
	if err := c.Invert(y); err != nil {
		t.Fatal(err)
	}
	if !close32(y, x, 1e-6) {
		t.Errorf("Invert = %v, want %v", y, x)
	}
	// The default scaling picks min-max for these values too.
	if c, err := FitScaler("", s); err != nil || c.Kind != ScaleMinMax {
		t.Errorf("default scaler %+v, %v; want minmax", c, err)
	}
}

// TestStandardHugeValues checks standard scaling of values near the
// float32 limit, whose squares overflow float32.
func TestStandardHugeValues(t *testing.T) {
	x := []float32{-3e38, 3e38}
	c, err := FitScaler(ScaleStandard, &Set{X: x, Shape: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	y := append([]float32(nil), x...)
	if err := c.Apply(y); err != nil {
		t.Fatal(err)
	}
	if !close32(y, []float32{-1, 1}, 1e-6) {
		t.Errorf("Apply = %v, want [-1 1]", y)
	}
}

// TestFitScalerNonFinite checks that a column holding Inf or NaN is an
// error naming the feature.
func TestFitScalerNonFinite(t *testing.T) {
	for _, kind := range []string{"", ScaleMinMax, ScaleStandard} {
		s := &Set{X: []float32{1, 2, 3, float32(math.Inf(1)), 5, 6}, Shape: []int{3}, Source: "x.csv"}
		_, err := FitScaler(kind, s)
		if err == nil || !strings.Contains(err.Error(), "feature 0") || !strings.Contains(err.Error(), "x.csv") {
			t.Errorf("FitScaler(%q) error %v, want one naming x.csv and feature 0", kind, err)
		}
	}
}

// TestApplyOverflow checks that a value that scales beyond float32 is an
// error naming its feature, not an infinity that training turns to NaN.
func TestApplyOverflow(t *testing.T) {
	c := &Scaler{Kind: ScaleMinMax, Min: []float32{0, 0}, Max: []float32{1, 1e-30}}
	err := c.Apply([]float32{0.5, 3e38})
	if err == nil || !strings.Contains(err.Error(), "feature 1") {
		t.Errorf("Apply error %v, want one naming feature 1", err)
	}
	c = &Scaler{Kind: ScaleStandard, Mean: []float32{0}, Std: []float32{1e-30}}
	if err := c.Apply([]float32{3e38}); err == nil || !strings.Contains(err.Error(), "feature 0") {
		t.Errorf("standard Apply error %v, want one naming feature 0", err)
	}
	c = &Scaler{Kind: ScaleMinMax, Min: []float32{0, 3}, Max: []float32{1, 3}}
	if err := c.Apply([]float32{0.5, float32(math.NaN())}); err == nil || !strings.Contains(err.Error(), "feature 1: NaN") {
		t.Errorf("Apply of NaN: error %v, want one naming feature 1", err)
	}
	c = &Scaler{Kind: ScaleMinMax, Min: []float32{-3e38}, Max: []float32{3e38}}
	if err := c.Invert([]float32{2}); err == nil || !strings.Contains(err.Error(), "feature 0") {
		t.Errorf("Invert error %v, want one naming feature 0", err)
	}
}

// TestScalerCheckBounds guards issue 23: a checkpoint's scaler with
// min > max, a negative or non-finite deviation or non-finite bounds is
// refused, naming the field and the feature.
func TestScalerCheckBounds(t *testing.T) {
	for _, tt := range []struct{ json, want string }{
		{`{"kind":"minmax","Min":[0,5],"Max":[1,2]}`, "Min[1]"},
		{`{"kind":"minmax","Min":[0,2.5],"Max":[1,2.4999]}`, "Min[1]"},
		{`{"kind":"standard","Mean":[0,0],"Std":[1,-1]}`, "Std[1]"},
		{`{"kind":"standard","Mean":[0,0],"Std":[-1e-30,1]}`, "Std[0]"},
	} {
		var c Scaler
		if err := json.Unmarshal([]byte(tt.json), &c); err != nil {
			t.Fatalf("%s: %v", tt.json, err)
		}
		err := c.Check()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Check error %v, want one naming %s", tt.json, err, tt.want)
		}
	}
	for _, c := range []*Scaler{
		{Kind: ScaleMinMax, Min: []float32{float32(math.Inf(-1))}, Max: []float32{1}},
		{Kind: ScaleMinMax, Min: []float32{0}, Max: []float32{float32(math.NaN())}},
		{Kind: ScaleStandard, Mean: []float32{float32(math.NaN())}, Std: []float32{1}},
		{Kind: ScaleStandard, Mean: []float32{0}, Std: []float32{float32(math.Inf(1))}},
	} {
		if err := c.Check(); err == nil || !strings.Contains(err.Error(), "[0]") {
			t.Errorf("Check(%+v) error %v, want one naming feature 0", c, err)
		}
	}
	// JSON cannot hold a non-finite number, nor one beyond float32.
	var c Scaler
	if err := json.Unmarshal([]byte(`{"kind":"minmax","Min":[-3.5e38],"Max":[1]}`), &c); err == nil {
		t.Errorf("json accepted -3.5e38 as a float32: %+v", c)
	}
	// Equal bounds (a constant feature) and a zero deviation are fine.
	for _, c := range []*Scaler{
		{Kind: ScaleMinMax, Min: []float32{3}, Max: []float32{3}},
		{Kind: ScaleStandard, Mean: []float32{3}, Std: []float32{0}},
	} {
		if err := c.Check(); err != nil {
			t.Errorf("Check(%+v): %v", c, err)
		}
	}
}

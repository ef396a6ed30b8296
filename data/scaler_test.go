package data

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestFitScaler(t *testing.T) {
	// Three samples of three features; the last is constant.
	x := []float32{
		1, -2, 5,
		3, 0, 5,
		5, 8, 5,
	}
	set := &Set{X: x, Shape: []int{3}}
	tests := []struct {
		name   string
		kind   string
		set    *Set
		want   *Scaler
		scaled []float32
	}{
		{name: "minmax", kind: "minmax", set: set,
			want:   &Scaler{Kind: "minmax", Min: []float32{1, -2, 5}, Max: []float32{5, 8, 5}},
			scaled: []float32{0, 0, 0, 0.5, 0.2, 0, 1, 1, 0}},
		// Feature 0: mean 3, population std sqrt(8/3); feature 1: mean 2,
		// std sqrt(56/3).
		{name: "standard", kind: "standard", set: set,
			want: &Scaler{Kind: "standard", Mean: []float32{3, 2, 5},
				Std: []float32{float32(math.Sqrt(8.0 / 3)), float32(math.Sqrt(56.0 / 3)), 0}},
			scaled: []float32{
				float32(-2 / math.Sqrt(8.0/3)), float32(-4 / math.Sqrt(56.0/3)), 0,
				0, float32(-2 / math.Sqrt(56.0/3)), 0,
				float32(2 / math.Sqrt(8.0/3)), float32(6 / math.Sqrt(56.0/3)), 0}},
		{name: "unit", kind: "unit", set: set, want: &Scaler{Kind: "unit"}, scaled: []float32{1. / 255, -2. / 255, 5. / 255, 3. / 255, 0, 5. / 255, 5. / 255, 8. / 255, 5. / 255}},
		{name: "none", kind: "none", set: set, want: &Scaler{Kind: "none"}, scaled: x},
		{name: "default for uint8", kind: "", set: &Set{X: []float32{0, 255}, Shape: []int{1}, Uint8: true}, want: &Scaler{Kind: "unit"}, scaled: []float32{0, 1}},
		{name: "default in [0, 1]", kind: "", set: &Set{X: []float32{0, 0.5, 1, 0.25}, Shape: []int{2}}, want: &Scaler{Kind: "none"}, scaled: []float32{0, 0.5, 1, 0.25}},
		{name: "default otherwise", kind: "", set: &Set{X: []float32{0, 2, 1, 4}, Shape: []int{2}},
			want: &Scaler{Kind: "minmax", Min: []float32{0, 2}, Max: []float32{1, 4}}, scaled: []float32{0, 0, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := FitScaler(tt.kind, tt.set)
			if err != nil {
				t.Fatal(err)
			}
			if !closeScaler(c, tt.want) {
				t.Fatalf("FitScaler = %+v, want %+v", c, tt.want)
			}
			y := append([]float32(nil), tt.set.X...)
			if err := c.Apply(y); err != nil {
				t.Fatal(err)
			}
			if !close32(y, tt.scaled, 1e-6) {
				t.Errorf("Apply = %v, want %v", y, tt.scaled)
			}
			if err := c.Invert(y); err != nil {
				t.Fatal(err)
			}
			if !close32(y, tt.set.X, 1e-5) {
				t.Errorf("Invert(Apply(x)) = %v, want %v", y, tt.set.X)
			}

			// JSON round trip, as in a checkpoint.
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			var back Scaler
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&back, c) {
				t.Errorf("JSON %s reads back as %+v, want %+v", b, back, c)
			}
		})
	}
}

// TestFitScalerFileBacked fits a scaler to a file-backed set in blocks of
// few rows and checks it against the in-memory fit.
func TestFitScalerFileBacked(t *testing.T) {
	rows := make([][]float64, 1000)
	var x []float32
	for i := range rows {
		rows[i] = []float64{float64(i % 17), math.Sin(float64(i)) * 100, 1e4 + float64(i)}
		for _, v := range rows[i] {
			x = append(x, float32(v))
		}
	}
	path := writeNPY(t, t.TempDir(), "x.npy", rows)
	nf, err := OpenNPYFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	for _, kind := range []string{"minmax", "standard"} {
		file, err := FitScaler(kind, nf.Set())
		if err != nil {
			t.Fatal(err)
		}
		mem, err := FitScaler(kind, &Set{X: x, Shape: []int{3}})
		if err != nil {
			t.Fatal(err)
		}
		if !closeScaler(file, mem) {
			t.Errorf("%s: file-backed fit %+v, in memory %+v", kind, file, mem)
		}
	}
	// Blocks of 7 rows, merged, against one pass in float64.
	st := newStats(3)
	for i := 0; i < len(x); i += 7 * 3 {
		st.add(x[i:min(i+21, len(x))])
	}
	for f := range 3 {
		var sum, sq float64
		for i := f; i < len(x); i += 3 {
			sum += float64(x[i])
		}
		mean := sum / 1000
		for i := f; i < len(x); i += 3 {
			sq += (float64(x[i]) - mean) * (float64(x[i]) - mean)
		}
		if math.Abs(st.mean[f]-mean) > 1e-9*math.Abs(mean)+1e-12 || math.Abs(st.m2[f]-sq) > 1e-9*sq {
			t.Errorf("feature %d: merged mean, m2 = %v, %v; one pass %v, %v", f, st.mean[f], st.m2[f], mean, sq)
		}
	}
}

func TestScalerErrors(t *testing.T) {
	if _, err := FitScaler("zscore", &Set{X: []float32{1}, Shape: []int{1}}); err == nil || !strings.Contains(err.Error(), `"zscore"`) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := FitScaler("minmax", &Set{Shape: []int{2}, Source: "e"}); err == nil {
		t.Error("fit to no samples succeeded")
	}
	c := &Scaler{Kind: "minmax", Min: []float32{0, 0}, Max: []float32{1, 1}}
	if err := c.Apply(make([]float32, 3)); err == nil || !strings.Contains(err.Error(), "not a whole number of samples") {
		t.Errorf("Apply of 3 values with 2 features: %v", err)
	}
	for _, bad := range []*Scaler{
		{Kind: "minmax", Min: []float32{0}},
		{Kind: "standard", Mean: []float32{0}, Std: []float32{1, 2}},
		{Kind: "standard"},
		{Kind: "log"},
	} {
		if err := bad.Invert([]float32{1}); err == nil {
			t.Errorf("Invert with %+v succeeded", bad)
		}
	}
}

// close32 reports whether a and b have the same length and values within
// tol, relative to the larger magnitude or absolute below 1.
func close32(a, b []float32, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		d := math.Abs(float64(a[i]) - float64(b[i]))
		if d > tol*max(1, math.Abs(float64(b[i]))) {
			return false
		}
	}
	return true
}

func closeScaler(a, b *Scaler) bool {
	return a.Kind == b.Kind && close32(a.Min, b.Min, 1e-6) && close32(a.Max, b.Max, 1e-6) &&
		close32(a.Mean, b.Mean, 1e-6) && close32(a.Std, b.Std, 1e-6)
}

package graph

import (
	"math"
	"strings"
	"testing"

	"gorgonia.org/gorgonia"
)

// TestConvUpGradient checks the fused upsampling and convolution that
// Forward makes of an Upsample2D followed by a Conv2D against finite
// differences, with 'same' and 'valid' padding, and that Forward did fuse
// them.
func TestConvUpGradient(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []int
		pad  Padding
		act  Activation
	}{
		{"same", []int{2, 2, 3, 2}, Same, ReLU},
		{"valid", []int{1, 3, 3, 3}, Valid, Sigmoid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradCheck(t, map[string][]int{"x": tc.x}, func(g *Graph, p map[string]*gorgonia.Node) (*gorgonia.Node, error) {
				conv, err := NewConv2D(g, "c", tc.x[1], 2, 3, tc.pad, tc.act)
				if err != nil {
					return nil, err
				}
				copy(conv.B.Value().Data().([]float32), []float32{0.1, -0.3})
				y, err := Forward(p["x"], NewUpsample2D("u", 2), conv)
				if err != nil {
					return nil, err
				}
				if !strings.Contains(y.Op().String(), "up=2") {
					t.Errorf("Forward made %v, want the fused op", y.Op())
				}
				return weightedSum(g, y)
			})
		})
	}
}

// TestForwardLogits: ForwardLogits gives the last layer's pre-activation,
// fused with an upsampling before it, with the values of the unfused
// layers to rounding, and refuses a last layer without an activation.
func TestForwardLogits(t *testing.T) {
	g := New(NewParams(3))
	x, err := g.Param("x", []int{2, 3, 4, 4}, GlorotUniform)
	if err != nil {
		t.Fatal(err)
	}
	conv, err := NewConv2D(g, "c", 3, 2, 3, Same, Sigmoid)
	if err != nil {
		t.Fatal(err)
	}
	up := NewUpsample2D("u", 2)
	z, err := ForwardLogits(x, up, conv)
	if err != nil {
		t.Fatal(err)
	}
	ux, err := up.Fwd(x)
	if err != nil {
		t.Fatal(err)
	}
	want, err := conv.Preactivation(ux)
	if err != nil {
		t.Fatal(err)
	}
	got, w := runForward(t, g, z), runForward(t, g, want)
	if len(got) != len(w) {
		t.Fatalf("%d logits, want %d", len(got), len(w))
	}
	for i := range got {
		// the fused op computes by output phases, summing kernel taps
		// before the products: the same values to rounding
		if math.Abs(float64(got[i]-w[i])) > 1e-5*(1+math.Abs(float64(w[i]))) {
			t.Fatalf("logit %d: %v, want %v", i, got[i], w[i])
		}
	}
	if _, err := ForwardLogits(x, conv, up); err == nil || !strings.Contains(err.Error(), "no activation") {
		t.Errorf("an upsampling last: error %v, want one saying it has no activation", err)
	}
}

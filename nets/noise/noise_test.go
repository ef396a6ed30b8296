package noise_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets/noise"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want noise.Noise
		err  string
	}{
		{"", nil, ""},
		{"gaussian:0.5", noise.Gaussian{0.5}, ""},
		{"mask:0.3", noise.Mask{0.3}, ""},
		{"saltpepper:0.1", noise.SaltPepper{0.1}, ""},
		{"gaussian", nil, "KIND:NUMBER"},
		{"gaussian:x", nil, "KIND:NUMBER"},
		{"gaussian:NaN", nil, "KIND:NUMBER"},
		{"gaussian:-1", nil, "standard deviation"},
		{"mask:1.5", nil, "fraction"},
		{"saltpepper:-0.1", nil, "fraction"},
		{"speckle:0.1", nil, "unknown kind"},
	} {
		got, err := noise.Parse(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Parse(%q): %v, want an error mentioning %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if got != nil && got.String() != c.in {
			t.Errorf("String() = %q, want %q", got.String(), c.in)
		}
	}
}

func TestCorrupt(t *testing.T) {
	const n = 100000
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, n)
	for i := range x {
		x[i] = 0.5
	}
	noise.Gaussian{Std: 0.5}.Corrupt(rng, x)
	var sum, sq float64
	for _, v := range x {
		if v < 0 || v > 1 {
			t.Fatalf("gaussian noise left %v outside [0, 1]", v)
		}
		sum += float64(v)
		sq += float64(v-0.5) * float64(v-0.5)
	}
	// 0.5 + 0.5·z clipped to [0, 1]: mean 0.5, and variance
	// 0.25·E[min(z², 1)] = 0.25·(P(|z|<1) - 2φ(1) + P(|z|>1)) = 0.1290.
	if m := sum / n; math.Abs(m-0.5) > 0.01 {
		t.Errorf("mean %v, want 0.5", m)
	}
	if v := sq / n; math.Abs(v-0.1290) > 0.003 {
		t.Errorf("variance %v, want 0.1290", v)
	}

	for i := range x {
		x[i] = 1
	}
	noise.Mask{Frac: 0.3}.Corrupt(rng, x)
	zeros := 0
	for _, v := range x {
		if v == 0 {
			zeros++
		}
	}
	if f := float64(zeros) / n; math.Abs(f-0.3) > 0.01 {
		t.Errorf("mask zeroed %v of the values, want 0.3", f)
	}

	for i := range x {
		x[i] = 0.5
	}
	noise.SaltPepper{Frac: 0.1}.Corrupt(rng, x)
	var salt, pepper int
	for _, v := range x {
		switch v {
		case 0:
			pepper++
		case 1:
			salt++
		case 0.5:
		default:
			t.Fatalf("salt and pepper wrote %v", v)
		}
	}
	if f := float64(salt+pepper) / n; math.Abs(f-0.1) > 0.01 || math.Abs(float64(salt-pepper)/n) > 0.01 {
		t.Errorf("salt %d, pepper %d of %d", salt, pepper, n)
	}
}

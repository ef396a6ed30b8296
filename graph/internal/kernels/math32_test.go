package kernels

import (
	"math"
	"testing"
)

func TestExp32(t *testing.T) {
	for x := -87.0; x <= 88; x += 0.0137 {
		got, want := float64(Exp32(float32(x))), math.Exp(float64(float32(x)))
		if math.Abs(got-want) > 2e-7*want {
			t.Fatalf("Exp32(%v) = %v, want %v", x, got, want)
		}
	}
	if Exp32(-100) != 0 || !math.IsInf(float64(Exp32(100)), 1) {
		t.Fatal("Exp32 out of range")
	}
}

func TestLog1pSmallAndSigmoid(t *testing.T) {
	for e := 0.0; e <= 1; e += 1.0 / 4096 {
		got, want := float64(Log1pSmall(float32(e))), math.Log1p(float64(float32(e)))
		if math.Abs(got-want) > 1e-7 {
			t.Fatalf("Log1pSmall(%v) = %v, want %v", e, got, want)
		}
	}
	for _, e := range []float32{1e-30, 1e-10, 3e-8} {
		if got := Log1pSmall(e); math.Abs(float64(got-e)) > 1e-7 {
			t.Fatalf("Log1pSmall(%v) = %v", e, got)
		}
	}
	for x := -50.0; x <= 50; x += 0.031 {
		got, want := float64(Sigmoid32(float32(x))), 1/(1+math.Exp(-float64(float32(x))))
		if math.Abs(got-want) > 1e-6*want {
			t.Fatalf("Sigmoid32(%v) = %v, want %v", x, got, want)
		}
	}
}

func BenchmarkSoftplus32Neg(b *testing.B) {
	xs := make([]float32, 4096)
	for i := range xs {
		xs[i] = float32(i-2048) / 256
	}
	b.ReportAllocs()
	var s float32
	for i := 0; i < b.N; i++ {
		for _, x := range xs {
			s += Softplus32Neg(x)
		}
	}
	_ = s
}

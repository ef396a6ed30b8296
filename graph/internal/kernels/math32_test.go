package kernels

import (
	"math"
	"math/rand/v2"
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

// TestBinaryCrossEntropy compares the fused loss and sigmoid of every
// kernel set with float64 references, over logits from -120 to 120 and
// targets in [0, 1], on lengths around the vector widths and the blocks.
func TestBinaryCrossEntropy(t *testing.T) {
	forEachSet(t, testBinaryCrossEntropy)
}

func testBinaryCrossEntropy(t *testing.T, ks *kernelSet) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{1, 7, 8, 9, 15, 16, 17, 1000, 1024, 5000, 20000} {
		z, y := make([]float32, n), make([]float32, n)
		for i := range z {
			z[i] = float32(rng.NormFloat64() * 6)
			y[i] = rng.Float32()
		}
		if n > 8 {
			z[0], z[1], z[2], z[3] = 0, -120, 120, 1e-6
			z[4], z[5], z[6], z[7] = -87, -88, -95, float32(math.Copysign(0, -1))
		}
		sig := make([]float32, n)
		got := BinaryCrossEntropy(z, y, sig)
		var want float64
		for i, v := range z {
			zf := float64(v)
			want += math.Max(zf, 0) - zf*float64(y[i]) + math.Log1p(math.Exp(-math.Abs(zf)))
			s := 1 / (1 + math.Exp(-zf))
			if d := math.Abs(float64(sig[i]) - s); d > 1e-6*s+1e-30 {
				t.Fatalf("n=%d: sigmoid(%v) = %v, want %v", n, v, sig[i], s)
			}
		}
		want /= float64(n)
		if d := math.Abs(got - want); d > 2e-6*want {
			t.Fatalf("n=%d: loss %v, want %v (relative error %.2g)", n, got, want, d/want)
		}
	}
	// each log1p term alone, for small e where 1+e rounds
	for _, e := range []float32{1e-9, 1e-6, 1e-3, 0.5, 1} {
		z := float32(-math.Log(float64(e)))
		sig := make([]float32, 16)
		zs, ys := make([]float32, 16), make([]float32, 16)
		for i := range zs {
			zs[i], ys[i] = z, 1
		}
		got := ks.bce(zs, ys, sig) / 16
		want := math.Log1p(float64(e))
		if d := math.Abs(float64(got) - want); d > 2e-6*want {
			t.Fatalf("log1p(%v) = %v, want %v", e, got, want)
		}
	}
}

func BenchmarkBinaryCrossEntropy(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 256 * 784
	z, y, sig := randSlice(rng, n), randSlice(rng, n), make([]float32, n)
	for range b.N {
		BinaryCrossEntropy(z, y, sig)
	}
}

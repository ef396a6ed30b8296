// Package kernels holds the float32 loops behind the custom ops of package
// graph: matrix multiplication, direct convolutions at any stride (and so
// transposed convolutions; NewConvKernel picks the kernel for a shape),
// Winograd's F(2×2, 3×3) for 3×3 stride-1 convolutions of 16 channels and
// more (winograd.go) and an im2col convolution, the fused sigmoid and
// binary cross-entropy, bias and activations, pooling and upsampling, and
// batch normalisation.
//
// The innermost loops come in kernel sets, chosen at run time: "avx512"
// (AVX512F, AVX512DQ and BMI2), "avx2" (AVX2 and FMA), "neon" (arm64: the
// GEMM micro kernel and the convolution taps) and "generic", portable Go
// that every build has. The best set the CPU runs is the default;
// SetKernelSet forces another, and KernelName names the one in use. The
// purego build tag leaves the assembly out.
//
// Large kernels split their work over Workers goroutines, GOMAXPROCS by
// default (SetWorkers changes it). Results do not depend on the worker
// count: work is split by rows, planes or images whose results do not
// interact, and every reduction across them adds partial sums of fixed-size
// chunks in a fixed order.
package kernels

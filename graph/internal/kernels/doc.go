// Package kernels holds the float32 loops behind the custom ops of package
// graph: matrix multiplication, direct and im2col convolutions (any
// stride, and so transposed convolutions), pooling and upsampling,
// activations and batch normalisation.
package kernels

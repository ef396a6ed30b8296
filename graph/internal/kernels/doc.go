// Package kernels holds the float32 loops behind the custom ops of package
// graph: matrix multiplication, im2col and col2im, pooling and upsampling.
package kernels

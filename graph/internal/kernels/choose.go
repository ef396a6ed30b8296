package kernels

// ConvKernel is the three passes of a 2-D convolution of n images in NCHW
// layout: the forward pass, the gradient of the input and the gradient of
// the kernel. Implementations keep scratch buffers and are not safe for
// concurrent use.
type ConvKernel interface {
	// Forward sets y, (n, Cout, OH, OW), to the convolution of x,
	// (n, C, H, W), with w, (Cout, C, KH, KW).
	Forward(n int, x, w, y []float32)
	// GradInput sets dx, (n, C, H, W), to the gradient of the input for
	// the output gradient gy, (n, Cout, OH, OW).
	GradInput(n int, w, gy, dx []float32)
	// GradKernel adds to dw, (Cout, C, KH, KW), the gradient of the kernel
	// for the input x and the output gradient gy.
	GradKernel(n int, x, gy, dw []float32)
}

// NewConvKernel returns the convolution of cout filters with geometry g,
// by the kernel that suits its shape: the direct Conv, at every stride.
// (GemmConv, im2col and a matrix product per image, spends more on the
// patches than on the products at the seed models' shapes.)
func NewConvKernel(g ConvGeom, cout int) ConvKernel {
	return NewConv(g, cout)
}

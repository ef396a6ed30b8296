package kernels

// GemmConv is a 2-D convolution of Cout filters over C-channel images at
// any stride, computed image by image as im2col and a matrix product: the
// kernel, a Cout × (C·KH·KW) matrix, times the patches of one image, a
// (C·KH·KW) × (OH·OW) matrix. Its gradients are the same products
// transposed, the input gradient going back through col2im. A
// transposed convolution is this convolution read backwards: its forward
// pass is GradInput, its input gradient Forward and its kernel gradient
// GradKernel with the roles of x and gy swapped. A GemmConv keeps scratch
// buffers and is not safe for concurrent use.
type GemmConv struct {
	G    ConvGeom
	Cout int

	scratch []gemmScratch
	partial []float32 // the kernel gradient of each chunk of images
}

type gemmScratch struct {
	col []float32 // one image's patches, (C·KH·KW) × (OH·OW)
}

// NewGemmConv returns the convolution of cout filters with geometry g.
func NewGemmConv(g ConvGeom, cout int) *GemmConv { return &GemmConv{G: g, Cout: cout} }

// rows is C·KH·KW, the length of one filter.
func (c *GemmConv) rows() int { return c.G.C * c.G.KH * c.G.KW }

// work returns the scratch of worker i.
func (c *GemmConv) work(i int) *gemmScratch {
	for len(c.scratch) <= i {
		c.scratch = append(c.scratch, gemmScratch{col: make([]float32, c.rows()*c.G.OH*c.G.OW)})
	}
	return &c.scratch[i]
}

// each runs f over the n images on up to workers() goroutines, each with its
// own scratch, and returns how many workers ran.
func (c *GemmConv) each(n int, f func(s *gemmScratch, lo, hi int)) int {
	parts := max(1, min(workers(), n)) // read once: Each may change it
	for i := range parts {
		c.work(i)
	}
	return eachRange(n, parts, func(w, lo, hi int) { f(&c.scratch[w], lo, hi) })
}

// Forward sets y, (n, Cout, OH, OW), to the convolution of x, (n, C, H, W),
// with w, (Cout, C, KH, KW).
func (c *GemmConv) Forward(n int, x, w, y []float32) {
	g, k := c.G, c.rows()
	chw, ohw := g.C*g.H*g.W, g.OH*g.OW
	c.each(n, func(s *gemmScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			Im2Col(g, x[i*chw:(i+1)*chw], s.col)
			gemmSerial(false, false, c.Cout, ohw, k, 1, w, k, s.col, ohw, 0, y[i*c.Cout*ohw:], ohw)
		}
	})
}

// GradInput sets dx, (n, C, H, W), to the gradient of the input for the
// output gradient gy, (n, Cout, OH, OW).
func (c *GemmConv) GradInput(n int, w, gy, dx []float32) {
	g, k := c.G, c.rows()
	chw, ohw := g.C*g.H*g.W, g.OH*g.OW
	c.each(n, func(s *gemmScratch, lo, hi int) {
		for i := lo; i < hi; i++ {
			gemmSerial(true, false, k, ohw, c.Cout, 1, w, k, gy[i*c.Cout*ohw:], ohw, 0, s.col, ohw)
			dxi := dx[i*chw : (i+1)*chw]
			clear(dxi)
			Col2Im(g, s.col, dxi)
		}
	})
}

// GradKernel adds to dw, (Cout, C, KH, KW), the gradient of the kernel for
// the input x and the output gradient gy. Each chunk of kernelChunk images
// has its own partial sum, and the partial sums are added in order, so the
// gradient does not depend on the worker count.
func (c *GemmConv) GradKernel(n int, x, gy, dw []float32) {
	g, k := c.G, c.rows()
	chw, ohw := g.C*g.H*g.W, g.OH*g.OW
	size := c.Cout * k
	chunks := (n + kernelChunk - 1) / kernelChunk
	c.partial = grow(c.partial, chunks*size)
	c.each(chunks, func(s *gemmScratch, lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			part := c.partial[ch*size : (ch+1)*size]
			clear(part)
			for i := ch * kernelChunk; i < min((ch+1)*kernelChunk, n); i++ {
				Im2Col(g, x[i*chw:(i+1)*chw], s.col)
				gemmSerial(false, true, c.Cout, k, ohw, 1, gy[i*c.Cout*ohw:], ohw, s.col, ohw, 1, part, k)
			}
		}
	})
	for j := range dw[:size] {
		var sum float32
		for ch := 0; ch < chunks; ch++ {
			sum += c.partial[ch*size+j]
		}
		dw[j] += sum
	}
}

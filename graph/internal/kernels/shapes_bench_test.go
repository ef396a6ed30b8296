package kernels

import (
	"flag"
	"math/rand/v2"
	"testing"
)

var (
	benchKernels = flag.String("kernels", "", "kernel set of the benchmarks (default: the best)")
	benchDirect  = flag.Bool("direct", false, "time the direct convolution where F(2×2, 3×3) would run")
)

// setBenchKernels applies -kernels for the length of benchmark b.
func setBenchKernels(b *testing.B) {
	if *benchKernels == "" {
		return
	}
	prev := active.Load()
	if err := SetKernelSet(*benchKernels); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { active.Store(prev) })
}

// seedShape is one convolution of a seed model: the geometry of the
// stride-1 or strided convolution and its filter count. A transposed
// convolution is listed by the convolution it is the adjoint of: its
// forward pass is that convolution's input gradient, its input gradient
// that convolution's forward pass.
type seedShape struct {
	name       string
	batch      int
	g          ConvGeom
	cout       int
	transposed bool
	up         bool // the input upsampled 2×2 first, the upsampling fused (NewConvUp)
}

// same3 is the geometry of a 3×3 'same' convolution of c channels of h×h
// at stride s, padded as Keras pads.
func same3(c, h, s int) ConvGeom {
	oh := (h + s - 1) / s
	total := max((oh-1)*s+3-h, 0)
	return ConvGeom{C: c, H: h, W: h, KH: 3, KW: 3, PadT: total / 2, PadL: total / 2, OH: oh, OW: oh, SH: s, SW: s}
}

// seedShapes are the convolutions of the seed conv models, at their batch
// sizes.
var seedShapes = []seedShape{
	{"conv/1to16x28", 64, same3(1, 28, 1), 16, false, false},
	{"conv/16to1x14", 64, same3(16, 14, 1), 1, false, false},
	{"conv/1to1x7", 64, same3(1, 7, 1), 1, false, false},
	{"conv/1to16x14", 64, same3(1, 14, 1), 16, false, false},
	{"conv/16to1x28", 64, same3(16, 28, 1), 1, false, false},
	{"keras/1to16x28", 128, same3(1, 28, 1), 16, false, false},
	{"keras/16to8x14", 128, same3(16, 14, 1), 8, false, false},
	{"keras/8to8x7", 128, same3(8, 7, 1), 8, false, false},
	{"keras/8to8x4", 128, same3(8, 4, 1), 8, false, false},
	{"keras/8to8x8", 128, same3(8, 8, 1), 8, false, false},
	{"keras/8to16x16valid", 128, ConvGeom{C: 8, H: 16, W: 16, KH: 3, KW: 3, OH: 14, OW: 14}, 16, false, false},
	{"keras/16to1x28", 128, same3(16, 28, 1), 1, false, false},
	{"denoise/1to32x28", 128, same3(1, 28, 1), 32, false, false},
	{"denoise/32to32x14", 128, same3(32, 14, 1), 32, false, false},
	{"denoise/32to32x7", 128, same3(32, 7, 1), 32, false, false},
	{"denoise/32to1x28", 128, same3(32, 28, 1), 1, false, false},
	// conv-t's transposed convolutions, 32 channels of 7×7 to 14×14 and
	// of 14×14 to 28×28: adjoints of stride-2 convolutions
	{"conv-t/T32to32x7s2", 128, same3(32, 14, 2), 32, true, false},
	{"conv-t/T32to32x14s2", 128, same3(32, 28, 2), 32, true, false},
	// the decoders' convolutions of upsampled planes, as the layers fuse
	// them: the same work counted on the upsampled grid
	{"conv/1to16x14up", 64, same3(1, 14, 1), 16, false, true},
	{"conv/16to1x28up", 64, same3(16, 28, 1), 1, false, true},
	{"keras/8to8x8up", 128, same3(8, 8, 1), 8, false, true},
	{"keras/16to1x28up", 128, same3(16, 28, 1), 1, false, true},
	{"denoise/32to32x14up", 128, same3(32, 14, 1), 32, false, true},
	{"denoise/32to1x28up", 128, same3(32, 28, 1), 1, false, true},
}

// pooledShapes are the seed shapes whose convolution a 2×2 max-pooling
// follows, fused with it (ForwardPool).
var pooledShapes = map[string]bool{
	"conv/1to16x28": true, "conv/16to1x14": true,
	"keras/1to16x28": true, "keras/16to8x14": true,
	"denoise/1to32x28": true, "denoise/32to32x14": true,
}

// BenchmarkSeedConvs times the three passes of every convolution of the
// seed models, with the kernel the layers choose (NewConvKernel), and
// reports GFLOP/s (two per multiply-add of the forward pass) and the
// process's CPU time per pass, which other processes on a busy machine
// disturb less than the wall clock. For transposed convolutions "forward"
// is the transposed layer's forward pass.
func BenchmarkSeedConvs(b *testing.B) {
	setBenchKernels(b)
	for _, s := range seedShapes {
		g, n := s.g, s.batch
		rng := rand.New(rand.NewPCG(1, 2))
		x := randSlice(rng, n*g.C*g.H*g.W)
		w := randSlice(rng, s.cout*g.C*g.KH*g.KW)
		y := randSlice(rng, n*s.cout*g.OH*g.OW)
		dw := make([]float32, len(w))
		var conv ConvKernel
		if s.up {
			x = x[:len(x)/4]
			conv = NewConvUp(g, s.cout)
		} else {
			conv = NewConvKernel(g, s.cout)
		}
		if c, ok := conv.(*Conv); ok && *benchDirect {
			c.direct()
		}
		flops := float64(2 * n * g.C * s.cout * g.KH * g.KW * g.OH * g.OW)
		fwd := func() { conv.Forward(n, x, w, y) }
		in := func() { conv.GradInput(n, w, y, x) }
		if s.transposed {
			fwd, in = in, fwd
		}
		passes := []struct {
			name string
			run  func()
		}{{"forward", fwd}, {"input", in}, {"kernel", func() { conv.GradKernel(n, x, y, dw) }}}
		if c, ok := conv.(*Conv); ok && pooledShapes[s.name] {
			// the forward pass fused with the 2×2 max-pooling after it
			b := randSlice(rng, s.cout)
			py, win := y[:len(y)/4], make([]uint8, len(y)/4)
			passes = append(passes, struct {
				name string
				run  func()
			}{"forwardpool", func() { c.ForwardPool(n, x, w, b, ActReLU, py, win) }})
		}
		for _, p := range passes {
			b.Run(s.name+"/"+p.name, func(b *testing.B) {
				b.ReportAllocs()
				t0 := cpuTime()
				for range b.N {
					p.run()
				}
				cpu := cpuTime() - t0
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				b.ReportMetric(cpu.Seconds()*1e3/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

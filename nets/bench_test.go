package nets_test

import (
	"flag"
	"math/rand/v2"
	"testing"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// benchArchs are the archs BenchmarkTrainStep times: the seeds and the
// 32-channel conv models.
var benchArchs = append(append([]string(nil), seeds...), "denoise", "conv-t", "vae")

var benchKernels = flag.String("kernels", "", "kernel set of the benchmarks (default: the best)")

// setBenchKernels applies -kernels.
func setBenchKernels(b *testing.B) {
	if *benchKernels == "" {
		return
	}
	if err := graph.SetKernelSet(*benchKernels); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTrainStep times one adam step of every arch on a batch of its
// seed's size, on random pixels: forward, backward and update. Besides
// s/epoch and GFLOP/s from the wall clock it reports the process's CPU
// time per step, all threads together, which a busy machine disturbs
// less.
func BenchmarkTrainStep(b *testing.B) {
	setBenchKernels(b)
	for _, arch := range benchArchs {
		b.Run(arch, func(b *testing.B) {
			a, err := nets.NewSeed(nets.Config{Arch: arch})
			if err != nil {
				b.Fatal(err)
			}
			_, batch := a.Spec().TrainingDefaults()
			tr, err := train.New(a, train.Config{Epochs: 1, BatchSize: batch})
			if err != nil {
				b.Fatal(err)
			}
			defer tr.Close()
			dim := 1
			for _, d := range a.SampleShape() {
				dim *= d
			}
			rng := rand.New(rand.NewPCG(1, 2))
			x := make([]float32, batch*dim)
			for i := range x {
				x[i] = rng.Float32()
			}
			ds := train.Dataset{X: x, Dim: dim}
			if _, err := tr.TrainOnBatch(ds); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			t0 := cpuTime()
			for range b.N {
				if _, err := tr.TrainOnBatch(ds); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuTime()-t0).Seconds()*1e3/float64(b.N), "cpu-ms/step")
			perStep := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(perStep*float64((60000+batch-1)/batch), "s/epoch")
			b.ReportMetric(3*float64(a.FLOPs())*float64(batch)/perStep/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkInfer times EncodeTo and ReconstructTo of 2,560 random samples
// with every arch, into one buffer as a server would, and reports samples per second of the wall clock and
// per second of the process's CPU time (all threads together).
func BenchmarkInfer(b *testing.B) {
	setBenchKernels(b)
	for _, arch := range benchArchs {
		a, err := nets.NewSeed(nets.Config{Arch: arch})
		if err != nil {
			b.Fatal(err)
		}
		dim := 1
		for _, d := range a.SampleShape() {
			dim *= d
		}
		const rows = 2560
		rng := rand.New(rand.NewPCG(1, 2))
		x := make([]float32, rows*dim)
		for i := range x {
			x[i] = rng.Float32()
		}
		for _, f := range []struct {
			name string
			run  func(dst, x []float32) ([]float32, error)
		}{{"encode", a.EncodeTo}, {"reconstruct", a.ReconstructTo}} {
			b.Run(arch+"/"+f.name, func(b *testing.B) {
				out, err := f.run(nil, x)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				t0 := cpuTime()
				for range b.N {
					if out, err = f.run(out, x); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "samples/s")
				if cpu := cpuTime() - t0; cpu > 0 {
					b.ReportMetric(float64(rows*b.N)/cpu.Seconds(), "samples/cpu-s")
				}
			})
		}
		a.Close()
	}
}

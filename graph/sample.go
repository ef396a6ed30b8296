package graph

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// SetSampler gives a graph that is not training a source for the draws of
// Reparameterize, so that a validation loss can sample as training does
// while dropout and batch norm stay in inference mode. Training graphs
// draw from their own source; graphs with neither use the means.
func (g *Graph) SetSampler(rng *rand.Rand) { g.sampler = rng }

func (g *Graph) samples() *rand.Rand {
	if g.rng != nil {
		return g.rng
	}
	return g.sampler
}

// Reparameterize returns the variational autoencoder's sample z = mean +
// exp(logVar/2)·ε, ε ~ N(0, 1) drawn afresh every run from the graph's
// source (see SetSampler); without a source ε = 0 and z is the mean, which
// makes inference deterministic. Gradients flow to mean and logVar through
// the ε of the last run.
func Reparameterize(g *Graph, mean, logVar *gorgonia.Node) (*gorgonia.Node, error) {
	ms, vs := mean.Shape(), logVar.Shape()
	if !ms.Eq(vs) || ms.Dims() != 2 {
		return nil, fmt.Errorf("graph: Reparameterize: mean %v and log-variance %v: want two equal (batch, k) shapes", ms, vs)
	}
	id := g.nextSerial()
	var eps []float32 // the last forward run's draws, read by the gradient
	op := &kernelOp{
		desc:    fmt.Sprintf("Reparameterize%v#%d", ms, id),
		inDims:  []int{2, 2},
		outDims: 2,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return ms.Clone(), nil },
		sets:    true,
		fwd: func(z []float32, in [][]float32, _ []tensor.Shape) {
			if len(eps) != len(z) {
				eps = make([]float32, len(z))
			}
			rng := g.samples()
			if rng == nil {
				// No draw: z is the mean, even where exp(logVar/2)
				// overflows (Inf·0 would be NaN).
				clear(eps)
				copy(z, in[0])
				return
			}
			for i := range eps {
				eps[i] = float32(rng.NormFloat64())
			}
			for i, m := range in[0] {
				z[i] = m + float32(math.Exp(float64(in[1][i])/2))*eps[i]
			}
		},
		diffWRT: []bool{true, true},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dv, err := gorgonia.ApplyOp(&kernelOp{
			desc:    fmt.Sprintf("ReparameterizeGrad%v#%d", ms, id),
			inDims:  []int{2, 2, 2},
			outDims: 2,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return ms.Clone(), nil },
			sets:    true,
			fwd: func(dv []float32, in [][]float32, _ []tensor.Shape) {
				for i, v := range in[0] {
					if eps[i] == 0 { // no draw: z did not depend on logVar
						dv[i] = 0
						continue
					}
					dv[i] = in[1][i] * 0.5 * float32(math.Exp(float64(v)/2)) * eps[i]
				}
			},
		}, inputs[1], grad, output)
		return gorgonia.Nodes{grad, dv}, err
	}
	return gorgonia.ApplyOp(op, mean, logVar)
}

// KLDivergence returns the mean over the batch of the Kullback-Leibler
// divergence of N(mean, exp(logVar)) from N(0, 1):
// -½ Σ (1 + logVar - mean² - exp(logVar)), summed over the code.
func KLDivergence(mean, logVar *gorgonia.Node) (*gorgonia.Node, error) {
	ms, vs := mean.Shape(), logVar.Shape()
	if !ms.Eq(vs) || ms.Dims() != 2 {
		return nil, fmt.Errorf("graph: KLDivergence: mean %v and log-variance %v: want two equal (batch, k) shapes", ms, vs)
	}
	batch := float64(ms[0])
	op := &kernelOp{
		desc:    fmt.Sprintf("KLDivergence%v", ms),
		inDims:  []int{2, 2},
		outDims: 0,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return nil, nil },
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			var sum float64
			for i, m := range in[0] {
				v := float64(in[1][i])
				sum += 1 + v - float64(m)*float64(m) - math.Exp(v)
			}
			out[0] = float32(-0.5 * sum / batch)
		},
		diffWRT: []bool{true, true},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		grads := make(gorgonia.Nodes, 2)
		for k, f := range []func(m, v float64) float64{
			func(m, _ float64) float64 { return m },                       // ∂/∂mean
			func(_, v float64) float64 { return 0.5 * (math.Exp(v) - 1) }, // ∂/∂logVar
		} {
			var err error
			grads[k], err = gorgonia.ApplyOp(&kernelOp{
				desc:    fmt.Sprintf("KLDivergenceGrad%d%v", k, ms),
				inDims:  []int{2, 2, 0, 0},
				outDims: 2,
				shape:   func([]tensor.Shape) (tensor.Shape, error) { return ms.Clone(), nil },
				sets:    true,
				fwd: func(d []float32, in [][]float32, _ []tensor.Shape) {
					s := float64(in[3][0]) / batch
					for i, m := range in[0] {
						d[i] = float32(s * f(float64(m), float64(in[1][i])))
					}
				},
			}, inputs[0], inputs[1], output, grad)
			if err != nil {
				return nil, err
			}
		}
		return grads, nil
	}
	return gorgonia.ApplyOp(op, mean, logVar)
}

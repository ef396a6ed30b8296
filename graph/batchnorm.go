package graph

import (
	"fmt"
	"math"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// BatchNorm is Keras's BatchNormalization over axis 1, the channel axis of
// (batch, units) and (batch, c, h, w): y = gamma·(x - mean)/sqrt(var +
// Epsilon) + beta per channel. In a training graph mean and var are the
// batch's (the variance divided by the count, as Keras), and every forward
// run moves the moving statistics toward them: moving = moving·Momentum +
// batch·(1 - Momentum). An inference graph uses the moving statistics.
//
// Its trainable parameters are name+"/gamma" (ones) and name+"/beta"
// (zeros); name+"/moving_mean" (zeros) and name+"/moving_var" (ones) are
// state: saved with the weights, not trained.
type BatchNorm struct {
	name     string
	Channels int
	// Momentum and Epsilon are Keras's defaults, 0.99 and 1e-3; change
	// them before Fwd.
	Momentum, Epsilon     float64
	Gamma, Beta           *gorgonia.Node
	MovingMean, MovingVar *gorgonia.Node
	// Act is applied to the normalised values; Linear (the zero value)
	// leaves them.
	Act Activation
	g   *Graph
	// noAffine marks a layer without gamma and beta
	// (NewBatchNormNoAffine): they are constant ones and zeros.
	noAffine bool
}

// BatchNormEpsilon is a new BatchNorm's Epsilon, Keras's default.
const BatchNormEpsilon = 1e-3

// NewBatchNorm adds the parameters and state of a BatchNorm layer over
// channels channels to g.
func NewBatchNorm(g *Graph, name string, channels int) (*BatchNorm, error) {
	if channels <= 0 {
		return nil, fmt.Errorf("graph: BatchNormalization %q: channels must be positive. Received: channels=%d", name, channels)
	}
	b := &BatchNorm{name: name, Channels: channels, Momentum: 0.99, Epsilon: BatchNormEpsilon, g: g}
	var err error
	shape := []int{channels}
	if b.Gamma, err = g.Param(name+"/gamma", shape, Ones); err != nil {
		return nil, err
	}
	if b.Beta, err = g.Param(name+"/beta", shape, Zeros); err != nil {
		return nil, err
	}
	if b.MovingMean, err = g.State(name+"/moving_mean", shape, Zeros); err != nil {
		return nil, err
	}
	if b.MovingVar, err = g.State(name+"/moving_var", shape, Ones); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *BatchNorm) Name() string               { return b.name }
func (b *BatchNorm) Kind() string               { return "BatchNormalization" }
func (b *BatchNorm) Learnables() gorgonia.Nodes { return affineLearnables(b) }

// Fwd normalises x with the batch's statistics in a training graph and with
// the moving statistics in an inference graph.
func (b *BatchNorm) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() < 2 || xs[1] != b.Channels {
		return nil, fmt.Errorf("graph: BatchNormalization %q: input shape %v, want (batch, %d, ...)", b.name, xs, b.Channels)
	}
	if x.Graph() != b.g.ExprGraph {
		return nil, fmt.Errorf("graph: BatchNormalization %q: input %v is not in the layer's graph", b.name, x.Name())
	}
	if !(b.Momentum >= 0 && b.Momentum <= 1) || !(b.Epsilon > 0) {
		return nil, fmt.Errorf("graph: BatchNormalization %q: momentum must be in [0, 1] and epsilon positive. Received: momentum=%v, epsilon=%v", b.name, b.Momentum, b.Epsilon)
	}
	var (
		y   *gorgonia.Node
		err error
	)
	if b.g.Training() {
		y, err = b.training(x)
	} else {
		y, err = b.inference(x)
	}
	if err == nil {
		y, err = b.Act.Apply(y)
	}
	if err != nil {
		return nil, fmt.Errorf("graph: BatchNormalization %q: %w", b.name, err)
	}
	return y, nil
}

// bnGeom is the channel layout of a batch-norm input.
type bnGeom struct {
	xs        tensor.Shape
	ch, inner int
	count     float64 // values per channel
}

func newBNGeom(xs tensor.Shape) bnGeom {
	ch := xs[1]
	inner := xs.TotalSize() / (xs[0] * ch)
	return bnGeom{xs: xs.Clone(), ch: ch, inner: inner, count: float64(xs[0] * inner)}
}

// training normalises with the batch's statistics and updates the moving
// ones in place.
func (b *BatchNorm) training(x *gorgonia.Node) (*gorgonia.Node, error) {
	bg := newBNGeom(x.Shape())
	ch, mom, eps := bg.ch, b.Momentum, b.Epsilon
	// the batch's statistics of the last forward run, read by the gradient
	mean, variance := make([]float32, ch), make([]float32, ch)
	invStd, scale, shift := make([]float32, ch), make([]float32, ch), make([]float32, ch)
	op := &kernelOp{
		desc:    fmt.Sprintf("BatchNormTrain%v,%q,%g,%g#%d", bg.xs, b.name, mom, eps, b.g.nextSerial()),
		inDims:  []int{bg.xs.Dims(), 1, 1, 1, 1},
		outDims: bg.xs.Dims(),
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return bg.xs.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			xv, gamma, beta, mm, mv := in[0], in[1], in[2], in[3], in[4]
			kernels.BatchMoments(ch, bg.inner, xv, mean, variance)
			for c := range ch {
				invStd[c] = float32(1 / math.Sqrt(float64(variance[c])+eps))
				scale[c] = gamma[c] * invStd[c]
				shift[c] = beta[c] - mean[c]*scale[c]
				mm[c] = float32(float64(mm[c])*mom + float64(mean[c])*(1-mom))
				mv[c] = float32(float64(mv[c])*mom + float64(variance[c])*(1-mom))
			}
			kernels.ChannelAffine(ch, bg.inner, xv, scale, shift, out)
		},
		diffWRT: []bool{!b.g.IsInput(x), true, true, false, false},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		sums, err := gorgonia.ApplyOp(bnSumsOp(op.desc, bg, 0, func([][]float32) ([]float32, []float32) { return mean, invStd }), inputs[0], grad)
		if err != nil {
			return nil, err
		}
		var dx *gorgonia.Node
		if op.diffWRT[0] {
			// dx = k·(g - Σg/N - x̂·Σg·x̂/N) with k = gamma·invStd, written
			// as g·a + x·c + d per channel
			a, c1, d := make([]float32, ch), make([]float32, ch), make([]float32, ch)
			dx, err = gorgonia.ApplyOp(&kernelOp{
				desc:    op.desc + "GradInput",
				inDims:  []int{bg.xs.Dims(), 1, bg.xs.Dims(), 2},
				outDims: bg.xs.Dims(),
				shape:   func([]tensor.Shape) (tensor.Shape, error) { return bg.xs.Clone(), nil },
				sets:    true,
				fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
					xv, gamma, g, s := in[0], in[1], in[2], in[3]
					for c := range ch {
						k := float64(gamma[c]) * float64(invStd[c])
						sg, sgx := float64(s[c])/bg.count, float64(s[ch+c])/bg.count
						a[c] = float32(k)
						c1[c] = float32(-k * float64(invStd[c]) * sgx)
						d[c] = float32(-k*sg + k*float64(invStd[c])*sgx*float64(mean[c]))
					}
					kernels.ChannelAffine2(ch, bg.inner, g, xv, a, c1, d, dx)
				},
			}, inputs[0], inputs[1], grad, sums)
			if err != nil {
				return nil, err
			}
		}
		dgamma, dbeta, err := bnParamGrads(op.desc, ch, sums)
		if err != nil {
			return nil, err
		}
		return gorgonia.Nodes{dx, dgamma, dbeta, nil, nil}, nil
	}
	return gorgonia.ApplyOp(op, x, b.Gamma, b.Beta, b.MovingMean, b.MovingVar)
}

// inference normalises with the moving statistics.
func (b *BatchNorm) inference(x *gorgonia.Node) (*gorgonia.Node, error) {
	bg := newBNGeom(x.Shape())
	ch, eps := bg.ch, b.Epsilon
	stats := func(mv []float32, invStd []float32) {
		for c := range ch {
			invStd[c] = float32(1 / math.Sqrt(float64(mv[c])+eps))
		}
	}
	invStd, scale, shift := make([]float32, ch), make([]float32, ch), make([]float32, ch)
	op := &kernelOp{
		desc:    fmt.Sprintf("BatchNorm%v,%q,%g", bg.xs, b.name, eps),
		inDims:  []int{bg.xs.Dims(), 1, 1, 1, 1},
		outDims: bg.xs.Dims(),
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return bg.xs.Clone(), nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			xv, gamma, beta, mm, mv := in[0], in[1], in[2], in[3], in[4]
			stats(mv, invStd)
			for c := range ch {
				scale[c] = gamma[c] * invStd[c]
				shift[c] = beta[c] - mm[c]*scale[c]
			}
			kernels.ChannelAffine(ch, bg.inner, xv, scale, shift, out)
		},
		diffWRT: []bool{!b.g.IsInput(x), true, true, false, false},
	}
	op.diff = func(inputs gorgonia.Nodes, _, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		// Σg·x̂ with x̂ = (x - moving mean)·invStd, from the moving variance
		sumInv := make([]float32, ch)
		sums, err := gorgonia.ApplyOp(bnSumsOp(op.desc, bg, 2, func(in [][]float32) ([]float32, []float32) {
			stats(in[3], sumInv)
			return in[2], sumInv
		}), inputs[0], grad, inputs[3], inputs[4])
		if err != nil {
			return nil, err
		}
		var dx *gorgonia.Node
		if op.diffWRT[0] {
			k, zero := make([]float32, ch), make([]float32, ch)
			dx, err = gorgonia.ApplyOp(&kernelOp{
				desc:    op.desc + "GradInput",
				inDims:  []int{1, 1, bg.xs.Dims()},
				outDims: bg.xs.Dims(),
				shape:   func([]tensor.Shape) (tensor.Shape, error) { return bg.xs.Clone(), nil },
				sets:    true,
				fwd: func(dx []float32, in [][]float32, _ []tensor.Shape) {
					gamma, mv, g := in[0], in[1], in[2]
					stats(mv, k)
					for c := range k {
						k[c] *= gamma[c]
					}
					kernels.ChannelAffine(ch, bg.inner, g, k, zero, dx)
				},
			}, inputs[1], inputs[4], grad)
			if err != nil {
				return nil, err
			}
		}
		dgamma, dbeta, err := bnParamGrads(op.desc, ch, sums)
		if err != nil {
			return nil, err
		}
		return gorgonia.Nodes{dx, dgamma, dbeta, nil, nil}, nil
	}
	return gorgonia.ApplyOp(op, x, b.Gamma, b.Beta, b.MovingMean, b.MovingVar)
}

// bnSumsOp returns the op computing (Σg, Σg·x̂) per channel as a (2, ch)
// matrix from the inputs (x, g) followed by extra vectors; stats gives the
// mean and inverse standard deviation from the inputs.
func bnSumsOp(desc string, bg bnGeom, extra int, stats func(in [][]float32) (mean, invStd []float32)) *kernelOp {
	inDims := []int{bg.xs.Dims(), bg.xs.Dims()}
	for range extra {
		inDims = append(inDims, 1)
	}
	return &kernelOp{
		desc:    desc + "GradSums",
		inDims:  inDims,
		outDims: 2,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{2, bg.ch}, nil },
		sets:    true,
		fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
			mean, invStd := stats(in)
			kernels.BatchNormGradSums(bg.ch, bg.inner, in[0], in[1], mean, invStd, out)
		},
	}
}

// bnParamGrads returns the gradients of gamma and beta, the rows of sums.
func bnParamGrads(desc string, ch int, sums *gorgonia.Node) (dgamma, dbeta *gorgonia.Node, err error) {
	row := func(r int, name string) (*gorgonia.Node, error) {
		return gorgonia.ApplyOp(&kernelOp{
			desc:    desc + name,
			inDims:  []int{2},
			outDims: 1,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{ch}, nil },
			sets:    true,
			fwd: func(out []float32, in [][]float32, _ []tensor.Shape) {
				copy(out, in[0][r*ch:(r+1)*ch])
			},
		}, sums)
	}
	if dgamma, err = row(1, "GradGamma"); err != nil {
		return nil, nil, err
	}
	if dbeta, err = row(0, "GradBeta"); err != nil {
		return nil, nil, err
	}
	return dgamma, dbeta, nil
}

package graph

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Concrete is the concrete selector layer of Abid, Balın and Zou (2019):
// it learns which K of its D input features to keep. Each of its K units
// holds logits over the inputs (name+"/logits", (K, D), Glorot-uniform);
// in a training graph a unit's output is the inputs weighted by
// softmax((logits + Gumbel noise) / temperature), and at inference it is
// the input of the unit's largest logit, so the layer selects K features.
// The temperature is state (name+"/temperature"), which SetTemperature
// anneals from 10 towards 0.01 over a run.
type Concrete struct {
	name        string
	In, K       int
	Logits, Tmp *gorgonia.Node
	g           *Graph
}

// Concrete's annealing schedule, as in the paper.
const (
	ConcreteStartTemperature = 10
	ConcreteEndTemperature   = 0.01
)

// NewConcrete adds the parameters of a concrete selector of k of in
// features to g.
func NewConcrete(g *Graph, name string, in, k int) (*Concrete, error) {
	if in <= 0 || k <= 0 || k > in {
		return nil, fmt.Errorf("graph: Concrete %q: want 0 < k <= in features. Received: k=%d, in=%d", name, k, in)
	}
	logits, err := g.Param(name+"/logits", []int{k, in}, GlorotUniform)
	if err != nil {
		return nil, err
	}
	tmp, err := g.State(name+"/temperature", []int{1}, func(_ *rand.Rand, _ []int, d []float32) { d[0] = ConcreteStartTemperature })
	if err != nil {
		return nil, err
	}
	return &Concrete{name: name, In: in, K: k, Logits: logits, Tmp: tmp, g: g}, nil
}

func (c *Concrete) Name() string               { return c.name }
func (c *Concrete) Kind() string               { return "ConcreteSelect" }
func (c *Concrete) Learnables() gorgonia.Nodes { return gorgonia.Nodes{c.Logits} }

// ConcreteTemperature returns the annealed temperature of epoch (1-based)
// of epochs: 10·(0.01/10)^((epoch-1)/(epochs-1)).
func ConcreteTemperature(epoch, epochs int) float32 {
	if epochs <= 1 {
		return ConcreteStartTemperature
	}
	f := float64(epoch-1) / float64(epochs-1)
	return float32(ConcreteStartTemperature * math.Pow(ConcreteEndTemperature/ConcreteStartTemperature, f))
}

// Selected returns, for each unit, the index of the input it selects: the
// largest of its logits.
func Selected(logits []float32, k, in int) []int {
	out := make([]int, k)
	for u := range out {
		row := logits[u*in : (u+1)*in]
		out[u] = slices.Index(row, slices.Max(row))
	}
	return out
}

// Fwd returns the selected features of x (batch, in): (batch, k).
func (c *Concrete) Fwd(x *gorgonia.Node) (*gorgonia.Node, error) {
	xs := x.Shape()
	if xs.Dims() != 2 || xs[1] != c.In {
		return nil, fmt.Errorf("graph: Concrete %q: input shape %v, want (batch, %d)", c.name, xs, c.In)
	}
	batch, k, in, training := xs[0], c.K, c.In, c.g.Training()
	m := make([]float32, k*in) // the selection weights of the last run
	id := c.g.nextSerial()
	op := &kernelOp{
		desc:    fmt.Sprintf("ConcreteSelect%v,%q,%d,%v#%d", xs, c.name, k, training, id),
		inDims:  []int{2, 2, 1},
		outDims: 2,
		shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{batch, k}, nil },
		sets:    true,
		fwd: func(y []float32, in3 [][]float32, _ []tensor.Shape) {
			if !training {
				gather(y, in3[0], Selected(in3[1], k, in))
				return
			}
			c.softWeights(m, in3[1], in3[2][0])
			kernels.Gemm(false, true, batch, k, in, 1, in3[0], in, m, in, 0, y, k)
		},
		diffWRT: []bool{false, true, false},
	}
	op.diff = func(inputs gorgonia.Nodes, output, grad *gorgonia.Node) (gorgonia.Nodes, error) {
		dl, err := gorgonia.ApplyOp(&kernelOp{
			desc:    fmt.Sprintf("ConcreteSelectGrad%v,%q,%d#%d", xs, c.name, k, id),
			inDims:  []int{2, 2, 1, 2},
			outDims: 2,
			shape:   func([]tensor.Shape) (tensor.Shape, error) { return tensor.Shape{k, in}, nil },
			sets:    true,
			fwd: func(dl []float32, in4 [][]float32, _ []tensor.Shape) {
				// dL/dm = dyᵀ·x, then through the softmax and the temperature
				kernels.Gemm(true, false, k, in, batch, 1, in4[3], k, in4[0], in, 0, dl, in)
				softmaxGrad(dl, m, k, in, in4[2][0])
			},
		}, inputs[0], inputs[1], inputs[2], grad)
		return gorgonia.Nodes{nil, dl, nil}, err
	}
	return gorgonia.ApplyOp(op, x, c.Logits, c.Tmp)
}

// softWeights draws Gumbel noise and sets m to the softmax of
// (logits + noise) / temperature, row by row.
func (c *Concrete) softWeights(m, logits []float32, temp float32) {
	rng := c.g.Rand()
	for i, l := range logits {
		u := rng.Float64()
		for u == 0 {
			u = rng.Float64()
		}
		m[i] = (l - float32(math.Log(-math.Log(u)))) / temp
	}
	for u := 0; u < len(m); u += c.In {
		softmax(m[u : u+c.In])
	}
}

func softmax(z []float32) {
	hi := slices.Max(z)
	var sum float64
	for i, v := range z {
		e := math.Exp(float64(v - hi))
		z[i] = float32(e)
		sum += e
	}
	for i := range z {
		z[i] = float32(float64(z[i]) / sum)
	}
}

// gather sets each row of y (batch, k) to the selected features of the
// same row of x (batch, in): what the one-hot weights of inference would
// give, without the product.
func gather(y, x []float32, selected []int) {
	k := len(selected)
	in := len(x) / (len(y) / k)
	for r := 0; r < len(y)/k; r++ {
		row, out := x[r*in:(r+1)*in], y[r*k:(r+1)*k]
		for u, j := range selected {
			out[u] = row[j]
		}
	}
}

// softmaxGrad turns d = dL/dm into dL/dlogits in place for m = softmax(z),
// z = (logits + noise)/temp: dz = m ⊙ (d - Σ m⊙d), dlogits = dz / temp.
func softmaxGrad(d, m []float32, k, in int, temp float32) {
	for u := 0; u < k; u++ {
		row, mr := d[u*in:(u+1)*in], m[u*in:(u+1)*in]
		var dot float64
		for i, v := range row {
			dot += float64(v) * float64(mr[i])
		}
		for i, v := range row {
			row[i] = float32(float64(mr[i])*(float64(v)-dot)) / temp
		}
	}
}

package train

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Optimizer updates weights from their gradients. Implementations keep
// per-weight state in named slots, which checkpoints save and restore.
type Optimizer interface {
	// Name is "adam", "rmsprop", "sgd" or "adadelta".
	Name() string
	// LearningRate returns the learning rate.
	LearningRate() float64
	// Step applies one update to every weight; names, weights and grads
	// are index-aligned. It counts one iteration.
	Step(names []string, weights, grads [][]float32)
	// State returns the iteration count and the slots, keyed
	// "slot/weight name"; the slices are the optimizer's own.
	State() (iterations int, slots map[string][]float32)
	// SetState restores what State returned.
	SetState(iterations int, slots map[string][]float32) error
}

// NewOptimizer returns the named optimizer with learning rate lr; lr 0
// takes the optimizer's default (DefaultLearningRate).
func NewOptimizer(name string, lr float64) (Optimizer, error) {
	if lr < 0 || math.IsNaN(lr) || math.IsInf(lr, 0) {
		return nil, fmt.Errorf("train: learning rate must be positive. Received: %g", lr)
	}
	if lr == 0 {
		d, ok := DefaultLearningRate[name]
		if !ok {
			return nil, fmt.Errorf("train: unknown optimizer %q (want adam, adadelta, rmsprop or sgd)", name)
		}
		lr = d
	}
	switch name {
	case "adam":
		return NewAdam(lr), nil
	case "rmsprop":
		return NewRMSprop(lr), nil
	case "sgd":
		return NewSGD(lr, 0), nil
	case "adadelta":
		return NewAdadelta(lr), nil
	}
	return nil, fmt.Errorf("train: unknown optimizer %q (want adam, adadelta, rmsprop or sgd)", name)
}

// DefaultLearningRate is each optimizer's learning rate when none is given.
// Adam, RMSprop and SGD use Keras's defaults. Adadelta uses 1.0, the value
// of Zeiler's paper and of the 2016 Keras seeds; Keras 2.3 and later default
// to 0.001, at which Adadelta barely moves in 50 epochs.
var DefaultLearningRate = map[string]float64{"adam": 1e-3, "rmsprop": 1e-3, "sgd": 1e-2, "adadelta": 1.0}

// slots is the per-weight state shared by the optimizers.
type slots struct {
	t int
	m map[string][]float32
}

func (s *slots) slot(kind, name string, n int) []float32 {
	if s.m == nil {
		s.m = map[string][]float32{}
	}
	k := kind + "/" + name
	v, ok := s.m[k]
	if !ok {
		v = make([]float32, n)
		s.m[k] = v
	}
	return v
}

func (s *slots) State() (int, map[string][]float32) { return s.t, s.m }

func (s *slots) SetState(t int, m map[string][]float32) error {
	if t < 0 {
		return fmt.Errorf("train: negative optimizer iteration count %d", t)
	}
	s.t, s.m = t, map[string][]float32{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !strings.Contains(k, "/") {
			return fmt.Errorf("train: optimizer slot %q has no weight name", k)
		}
		s.m[k] = append([]float32(nil), m[k]...)
	}
	return nil
}

// Adam is Keras's Adam: β1 0.9, β2 0.999, ε 1e-7.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64
	slots
}

// NewAdam returns Adam with Keras's defaults and learning rate lr.
func NewAdam(lr float64) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7} }

func (o *Adam) Name() string          { return "adam" }
func (o *Adam) LearningRate() float64 { return o.LR }

func (o *Adam) Step(names []string, weights, grads [][]float32) {
	o.t++
	t := float64(o.t)
	lrT := float32(o.LR * math.Sqrt(1-math.Pow(o.Beta2, t)) / (1 - math.Pow(o.Beta1, t)))
	b1, b2, eps := float32(o.Beta1), float32(o.Beta2), float32(o.Epsilon)
	for i, name := range names {
		w, g := weights[i], grads[i]
		m, v := o.slot("m", name, len(w)), o.slot("v", name, len(w))
		for j, gj := range g {
			m[j] += (gj - m[j]) * (1 - b1)
			v[j] += (gj*gj - v[j]) * (1 - b2)
			w[j] -= lrT * m[j] / (sqrt32(v[j]) + eps)
		}
	}
}

// RMSprop is Keras's RMSprop: ρ 0.9, ε 1e-7, no momentum.
type RMSprop struct {
	LR, Rho, Epsilon float64
	slots
}

// NewRMSprop returns RMSprop with Keras's defaults and learning rate lr.
func NewRMSprop(lr float64) *RMSprop { return &RMSprop{LR: lr, Rho: 0.9, Epsilon: 1e-7} }

func (o *RMSprop) Name() string          { return "rmsprop" }
func (o *RMSprop) LearningRate() float64 { return o.LR }

func (o *RMSprop) Step(names []string, weights, grads [][]float32) {
	o.t++
	lr, rho, eps := float32(o.LR), float32(o.Rho), float32(o.Epsilon)
	for i, name := range names {
		w, g := weights[i], grads[i]
		v := o.slot("v", name, len(w))
		for j, gj := range g {
			v[j] = rho*v[j] + (1-rho)*gj*gj
			w[j] -= lr * gj / (sqrt32(v[j]) + eps)
		}
	}
}

// SGD is plain stochastic gradient descent with optional momentum.
type SGD struct {
	LR, Momentum float64
	slots
}

// NewSGD returns SGD with learning rate lr and momentum.
func NewSGD(lr, momentum float64) *SGD { return &SGD{LR: lr, Momentum: momentum} }

func (o *SGD) Name() string          { return "sgd" }
func (o *SGD) LearningRate() float64 { return o.LR }

func (o *SGD) Step(names []string, weights, grads [][]float32) {
	o.t++
	lr, mu := float32(o.LR), float32(o.Momentum)
	for i, name := range names {
		w, g := weights[i], grads[i]
		if mu == 0 {
			for j, gj := range g {
				w[j] -= lr * gj
			}
			continue
		}
		v := o.slot("velocity", name, len(w))
		for j, gj := range g {
			v[j] = mu*v[j] - lr*gj
			w[j] += v[j]
		}
	}
}

// Adadelta is Keras's Adadelta: ρ 0.95, ε 1e-7; see DefaultLearningRate
// for its learning rate.
type Adadelta struct {
	LR, Rho, Epsilon float64
	slots
}

// NewAdadelta returns Adadelta with Keras's ρ and ε and learning rate lr.
func NewAdadelta(lr float64) *Adadelta { return &Adadelta{LR: lr, Rho: 0.95, Epsilon: 1e-7} }

func (o *Adadelta) Name() string          { return "adadelta" }
func (o *Adadelta) LearningRate() float64 { return o.LR }

func (o *Adadelta) Step(names []string, weights, grads [][]float32) {
	o.t++
	lr, rho, eps := float32(o.LR), float32(o.Rho), float32(o.Epsilon)
	for i, name := range names {
		w, g := weights[i], grads[i]
		ag, ad := o.slot("accumulated_grad", name, len(w)), o.slot("accumulated_delta", name, len(w))
		for j, gj := range g {
			ag[j] = rho*ag[j] + (1-rho)*gj*gj
			delta := sqrt32(ad[j]+eps) / sqrt32(ag[j]+eps) * gj
			ad[j] = rho*ad[j] + (1-rho)*delta*delta
			w[j] -= lr * delta
		}
	}
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

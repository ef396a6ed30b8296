package train

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// Optimizer updates weights from their gradients. Implementations keep
// per-weight state in named slots, which checkpoints save and restore.
type Optimizer interface {
	// Name is "adam", "rmsprop", "sgd" or "adadelta".
	Name() string
	// LearningRate returns the learning rate.
	LearningRate() float64
	// Hyper returns the hyperparameters under Keras's names
	// ("learning_rate", "beta_1", "beta_2", "epsilon", "rho", "momentum"),
	// so that NewOptimizerFrom(o.Name(), o.Hyper()) builds an optimizer
	// equal to o.
	Hyper() map[string]float64
	// Step applies one update to every weight; names, weights and grads
	// are index-aligned. It counts one iteration.
	Step(names []string, weights, grads [][]float32)
	// State returns the iteration count and the slots, keyed
	// "kind/weight name"; the slices are the optimizer's own.
	State() (iterations int, slots map[string][]float32)
	// SetState restores what State returned for the weights of sizes,
	// which maps every trainable weight's name to its number of values.
	// It checks everything before changing anything: every slot must be
	// of a kind the optimizer has, for a weight of sizes, with that
	// weight's length and finite values; every weight must have all its
	// slots (unless there are none at all and iterations is 0); and
	// iterations must not be negative.
	SetState(iterations int, slots map[string][]float32, sizes map[string]int) error
}

// optimizers are the names NewOptimizer knows, in the order its errors list
// them.
var optimizers = []string{"adam", "adadelta", "rmsprop", "sgd"}

// NewOptimizer returns the named optimizer with learning rate lr; lr 0
// takes the optimizer's default (DefaultLearningRate).
func NewOptimizer(name string, lr float64) (Optimizer, error) {
	if lr == 0 {
		return NewOptimizerFrom(name, nil)
	}
	return NewOptimizerFrom(name, map[string]float64{"learning_rate": lr})
}

// NewOptimizerFrom returns the named optimizer with the hyperparameters of
// hyper, keyed as Optimizer.Hyper keys them; those hyper leaves out keep
// their defaults (DefaultLearningRate and Keras's). A key the optimizer
// does not have, or a value that is not finite or out of its range, is an
// error naming the key and the value.
func NewOptimizerFrom(name string, hyper map[string]float64) (Optimizer, error) {
	var o interface {
		Optimizer
		hyperFields() map[string]*float64
	}
	switch name {
	case "adam":
		o = NewAdam(DefaultLearningRate[name])
	case "rmsprop":
		o = NewRMSprop(DefaultLearningRate[name])
	case "sgd":
		o = NewSGD(DefaultLearningRate[name], 0)
	case "adadelta":
		o = NewAdadelta(DefaultLearningRate[name])
	default:
		return nil, fmt.Errorf("train: unknown optimizer %q (want %s)", name, strings.Join(optimizers, ", "))
	}
	fields := o.hyperFields()
	for _, k := range sortedKeys(hyper) {
		p, ok := fields[k]
		if !ok {
			return nil, fmt.Errorf("train: optimizer %s has no hyperparameter %q (it has %s)", name, k, strings.Join(sortedKeys(fields), ", "))
		}
		if err := checkHyper(k, hyper[k]); err != nil {
			return nil, fmt.Errorf("train: optimizer %s: %w", name, err)
		}
		*p = hyper[k]
	}
	return o, nil
}

// hyperRange is the interval of valid values of a hyperparameter.
type hyperRange struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

var hyperRanges = map[string]hyperRange{
	"learning_rate": {0, math.Inf(1), true, true},
	"epsilon":       {0, math.Inf(1), true, true},
	"beta_1":        {0, 1, false, true},
	"beta_2":        {0, 1, false, true},
	"rho":           {0, 1, false, true},
	"momentum":      {0, 1, false, true},
}

// checkHyper checks v against the range of hyperparameter k.
func checkHyper(k string, v float64) error {
	r := hyperRanges[k]
	ok := !math.IsNaN(v) && !math.IsInf(v, 0) &&
		(v > r.lo || !r.loOpen && v == r.lo) && (v < r.hi || !r.hiOpen && v == r.hi)
	if ok {
		return nil
	}
	if math.IsInf(r.hi, 1) {
		return fmt.Errorf("%s must be positive and finite. Received: %g", k, v)
	}
	lb, rb := "[", "]"
	if r.loOpen {
		lb = "("
	}
	if r.hiOpen {
		rb = ")"
	}
	return fmt.Errorf("%s must be in %s%g, %g%s. Received: %g", k, lb, r.lo, r.hi, rb, v)
}

// hyper copies the values of fields.
func hyper(fields map[string]*float64) map[string]float64 {
	out := make(map[string]float64, len(fields))
	for k, p := range fields {
		out[k] = *p
	}
	return out
}

// DefaultLearningRate is each optimizer's learning rate when none is given.
// Adam, RMSprop and SGD use Keras's defaults. Adadelta uses 1.0, the value
// of Zeiler's paper and of the 2016 Keras seeds; Keras 2.3 and later default
// to 0.001, at which Adadelta barely moves in 50 epochs.
var DefaultLearningRate = map[string]float64{"adam": 1e-3, "rmsprop": 1e-3, "sgd": 1e-2, "adadelta": 1.0}

// Adam is Keras's Adam: β1 0.9, β2 0.999, ε 1e-7.
type Adam struct {
	LR, Beta1, Beta2, Epsilon float64
	slots
}

// NewAdam returns Adam with Keras's defaults and learning rate lr.
func NewAdam(lr float64) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7} }

func (o *Adam) Name() string              { return "adam" }
func (o *Adam) LearningRate() float64     { return o.LR }
func (o *Adam) Hyper() map[string]float64 { return hyper(o.hyperFields()) }

func (o *Adam) hyperFields() map[string]*float64 {
	return map[string]*float64{"learning_rate": &o.LR, "beta_1": &o.Beta1, "beta_2": &o.Beta2, "epsilon": &o.Epsilon}
}

// SetState restores the slots m ("m/name" and "v/name") and the iteration
// count t; see Optimizer.
func (o *Adam) SetState(t int, m map[string][]float32, sizes map[string]int) error {
	return o.setState(o.Name(), []slotKind{{"m", false}, {"v", true}}, t, m, sizes)
}

func (o *Adam) Step(names []string, weights, grads [][]float32) {
	o.t++
	t := float64(o.t)
	lrT := float32(o.LR * math.Sqrt(1-math.Pow(o.Beta2, t)) / (1 - math.Pow(o.Beta1, t)))
	b1, b2, eps := float32(o.Beta1), float32(o.Beta2), float32(o.Epsilon)
	for i, name := range names {
		w, g := weights[i], grads[i]
		m, v := o.slot("m", name, len(w)), o.slot("v", name, len(w))
		graph.AdamUpdate(w, g, m, v, lrT, b1, b2, eps)
	}
}

// RMSprop is Keras's RMSprop: ρ 0.9, ε 1e-7, no momentum.
type RMSprop struct {
	LR, Rho, Epsilon float64
	slots
}

// NewRMSprop returns RMSprop with Keras's defaults and learning rate lr.
func NewRMSprop(lr float64) *RMSprop { return &RMSprop{LR: lr, Rho: 0.9, Epsilon: 1e-7} }

func (o *RMSprop) Name() string              { return "rmsprop" }
func (o *RMSprop) LearningRate() float64     { return o.LR }
func (o *RMSprop) Hyper() map[string]float64 { return hyper(o.hyperFields()) }

func (o *RMSprop) hyperFields() map[string]*float64 {
	return map[string]*float64{"learning_rate": &o.LR, "rho": &o.Rho, "epsilon": &o.Epsilon}
}

// SetState restores the slots m ("v/name") and the iteration count t; see
// Optimizer.
func (o *RMSprop) SetState(t int, m map[string][]float32, sizes map[string]int) error {
	return o.setState(o.Name(), []slotKind{{"v", true}}, t, m, sizes)
}

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

func (o *SGD) Name() string              { return "sgd" }
func (o *SGD) LearningRate() float64     { return o.LR }
func (o *SGD) Hyper() map[string]float64 { return hyper(o.hyperFields()) }

func (o *SGD) hyperFields() map[string]*float64 {
	return map[string]*float64{"learning_rate": &o.LR, "momentum": &o.Momentum}
}

// SetState restores the slots m ("velocity/name" with momentum, none
// without) and the iteration count t; see Optimizer.
func (o *SGD) SetState(t int, m map[string][]float32, sizes map[string]int) error {
	var kinds []slotKind
	if o.Momentum != 0 {
		kinds = []slotKind{{"velocity", false}}
	}
	return o.setState(o.Name(), kinds, t, m, sizes)
}

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

func (o *Adadelta) Name() string              { return "adadelta" }
func (o *Adadelta) LearningRate() float64     { return o.LR }
func (o *Adadelta) Hyper() map[string]float64 { return hyper(o.hyperFields()) }

func (o *Adadelta) hyperFields() map[string]*float64 {
	return map[string]*float64{"learning_rate": &o.LR, "rho": &o.Rho, "epsilon": &o.Epsilon}
}

// SetState restores the slots m ("accumulated_grad/name" and
// "accumulated_delta/name") and the iteration count t; see Optimizer.
func (o *Adadelta) SetState(t int, m map[string][]float32, sizes map[string]int) error {
	return o.setState(o.Name(), []slotKind{{"accumulated_grad", true}, {"accumulated_delta", true}}, t, m, sizes)
}

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

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

package graph

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gorgonia.org/gorgonia"
)

// Loss names a reconstruction loss, as specs and checkpoints write it. The
// empty Loss is BCE, the loss of a spec that names none. What each loss is
// lies in one table (LossKinds): the trainer, the specs of package nets and
// the anomaly scores all read it.
type Loss string

// The losses.
const (
	// BCE is the binary cross-entropy of a sigmoid output, computed from
	// its logits.
	BCE Loss = "bce"
	// MSE is the mean squared error.
	MSE Loss = "mse"
)

// LossKind is one loss of the table: how it is built, the output it needs,
// its value per element, and what its targets and its value can be.
type LossKind struct {
	Name Loss
	// Aliases are other names a spec may give the loss: Keras's.
	Aliases []string
	// Build adds the loss of pred against target to pred's graph, the mean
	// over every element. pred is the output layer's logits if Logits,
	// its output otherwise.
	Build  func(pred, target *gorgonia.Node) (*gorgonia.Node, error)
	Logits bool
	// Output is the output activation the loss needs if Logits, and its
	// default otherwise.
	Output Activation
	// Value is the loss of one target y reconstructed as r (after the
	// output activation), probabilities clipped as Keras clips them.
	Value func(y, r float64) float64
	// Excess is Value less its least value for y: at least 0, and 0 only
	// where r = y, an anomaly score.
	Excess func(y, r float64) float64
	// Floor is the least value the loss can take.
	Floor float64
	// UnitTargets says that targets must lie in [0, 1].
	UnitTargets bool
}

// lossKinds is the table of losses.
var lossKinds = []LossKind{
	{Name: BCE, Aliases: []string{"binary_crossentropy"}, Build: BinaryCrossEntropyWithLogits, Logits: true,
		Output: Sigmoid, Value: bceValue, Excess: bceExcess, Floor: 0, UnitTargets: true},
	{Name: MSE, Aliases: []string{"mean_squared_error"}, Build: MeanSquaredError,
		Output: Linear, Value: squaredError, Excess: squaredError, Floor: 0},
}

// LossKinds returns the table of losses.
func LossKinds() []LossKind { return slices.Clone(lossKinds) }

// LossNames returns the names of the losses.
func LossNames() []string {
	names := make([]string, len(lossKinds))
	for i, k := range lossKinds {
		names[i] = string(k.Name)
	}
	return names
}

// Kind returns l's entry of the table, found by its name or an alias.
func (l Loss) Kind() (LossKind, error) {
	if l == "" {
		l = BCE
	}
	for _, k := range lossKinds {
		if k.Name == l || slices.Contains(k.Aliases, string(l)) {
			return k, nil
		}
	}
	return LossKind{}, fmt.Errorf("unknown loss %q (want %s)", string(l), strings.Join(LossNames(), " or "))
}

// UnmarshalText sets l to the loss named by text, an alias read as the
// loss's name. An unknown name is kept, for the spec's check to refuse
// with its field.
func (l *Loss) UnmarshalText(text []byte) error {
	*l = Loss(text)
	if k, err := l.Kind(); err == nil && len(text) > 0 {
		*l = k.Name
	}
	return nil
}

// probEpsilon is Keras's backend epsilon, the clip of probabilities.
const probEpsilon = 1e-7

func clipProb(p float64) float64 { return min(max(p, probEpsilon), 1-probEpsilon) }

// bceValue is the binary cross-entropy of target y and reconstruction r.
func bceValue(y, r float64) float64 {
	p := clipProb(r)
	return -(y*math.Log(p) + (1-y)*math.Log(1-p))
}

// bceExcess is the binary cross-entropy of target y and reconstruction r
// less its least value for y (the Kullback-Leibler divergence of r from
// y as Bernoulli probabilities), plus the squared distance of a y outside
// [0, 1] to the interval, which no probability reaches.
func bceExcess(y, r float64) float64 {
	c := min(max(y, 0), 1) // the nearest target a probability can match
	p := clipProb(r)
	q := clipProb(c) // where the cross-entropy is least
	kl := c*math.Log(q/p) + (1-c)*math.Log((1-q)/(1-p))
	return max(kl, 0) + (y-c)*(y-c)
}

func squaredError(y, r float64) float64 { d := r - y; return d * d }

package train

import (
	"errors"
	"fmt"
	"math"

	"github.com/go-autoencoders/ae/graph"
)

// A LossNamer is a Model that names its loss, one of graph.LossKinds, as
// the autoencoders of package nets do: "bce" (binary cross-entropy) or
// "mse" (mean squared error), each with penalties that are never
// negative. The trainer holds such a model to what the table says its
// loss needs: a "bce" model's targets must lie in [0, 1] (Fit checks them
// before training, and a streamed set's rows as they are read), and
// neither loss may fall below its floor, 0 (ErrBelowFloor).
type LossNamer interface {
	LossName() string
}

// ErrBelowFloor is returned, wrapped with the epoch and batch, when a loss
// falls below the least value its kind can take (0 for "bce" and "mse"):
// a result that cannot be right, which stops training as a non-finite loss
// does, before the step and before any checkpoint.
var ErrBelowFloor = errors.New("train: loss is below its floor")

// A TargetRangeError reports a target outside the range the model's loss
// needs, such as a bce target outside [0, 1].
type TargetRangeError struct {
	Set  string // "training", "validation", "evaluation" or "batch"
	Loss string // the model's loss
	Row  int    // the sample's index in the set, from 0
	// SourceRow is the sample's row in its file, from 0: Training.Fit
	// maps Row through the set's views (data.Set.SourceRow); Row where
	// nothing maps it.
	SourceRow int
	Column    int     // the value's index in the sample, from 0
	Value     float32 // the target
	Lo, Hi    float64 // the range the loss needs
}

func (e *TargetRangeError) Error() string {
	return fmt.Sprintf("train: %s set, row %d, value %d: target %g is outside [%g, %g], which the %s loss needs",
		e.Set, e.Row, e.Column, e.Value, e.Lo, e.Hi, e.Loss)
}

// floorSlack is how far below its floor a loss may round before it is an
// error: the kernels sum in float32.
const floorSlack = 1e-6

// lossBounds is what a model's loss needs: its name, the range of its
// targets (checked when check is set) and its floor.
type lossBounds struct {
	name   string
	check  bool
	lo, hi float64
	floor  float64
}

// boundsOf returns the bounds of m's loss; a model that is no LossNamer,
// or names another loss, has none.
func boundsOf(m Model) lossBounds {
	b := lossBounds{floor: math.Inf(-1)}
	n, ok := m.(LossNamer)
	if !ok {
		return b
	}
	b.name = n.LossName()
	k, err := graph.Loss(b.name).Kind()
	if err != nil {
		return b
	}
	b.check, b.lo, b.hi, b.floor = k.UnitTargets, 0, 1, k.Floor
	return b
}

// checkTargets checks the targets x, whole samples of dim values, the
// first of them row first of the set.
func (b lossBounds) checkTargets(set string, first int, x []float32, dim int) error {
	if !b.check {
		return nil
	}
	for i, v := range x {
		if !(float64(v) >= b.lo && float64(v) <= b.hi) {
			return &TargetRangeError{Set: set, Loss: b.name, Row: first + i/dim, SourceRow: first + i/dim, Column: i % dim, Value: v, Lo: b.lo, Hi: b.hi}
		}
	}
	return nil
}

// checkSet checks the targets of a data set in memory; a streamed set's
// rows are checked as they are read.
func (b lossBounds) checkSet(set string, d Dataset) error {
	y := d.Y
	if y == nil {
		y = d.X
	}
	return b.checkTargets(set, 0, y, d.Dim)
}

// A LossError is a loss that cannot be right: not finite (it wraps
// ErrNonFinite) or below its floor (ErrBelowFloor).
type LossError struct {
	What  string  // the loss's name: "loss", "val_loss"
	Value float64 // the loss
	Floor float64 // the least the loss can be
	Loss  string  // the model's loss
	Err   error   // ErrNonFinite or ErrBelowFloor
}

func (e *LossError) Error() string {
	if errors.Is(e.Err, ErrNonFinite) {
		return fmt.Sprintf("%s %v is not finite", e.What, e.Value)
	}
	return fmt.Sprintf("%s %v is below %g, the least a %s loss can be", e.What, e.Value, e.Floor, e.Loss)
}

func (e *LossError) Unwrap() error { return e.Err }

// A StepError is a training step that failed, Epoch and Batch counted
// from 1.
type StepError struct {
	Epoch, Batch int
	Err          error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("train: epoch %d, batch %d: %v", e.Epoch, e.Batch, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// checkLoss returns a *LossError for a loss that is not finite or is
// below the floor: what is the loss's name in the message ("loss",
// "val_loss").
func (b lossBounds) checkLoss(what string, v float64) error {
	e := &LossError{What: what, Value: v, Floor: b.floor, Loss: b.name}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		e.Err = ErrNonFinite
	case v < b.floor-floorSlack:
		e.Err = ErrBelowFloor
	default:
		return nil
	}
	return e
}

package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// rangeError turns a set whose scaled values leave the range of the
// loss, found before training, into a bad flag naming -loss, -scale and
// the values' range.
func (o *options) rangeError(s nets.Spec, e *train.SetRangeError) error {
	what := "data"
	if e.Set == "validation" {
		what = "validation data"
	}
	return usageError{Err: fmt.Errorf("-loss %s needs targets in [%g, %g]; the %s scaled by -scale %s has values from %.3g to %.3g: %s",
		e.Loss, e.Lo, e.Hi, what, scaleKind(s), e.Min, e.Max, o.targetAdvice(s))}
}

// targetError turns the trainer's report of a streamed row outside [0, 1]
// into the same bad flag; other errors pass unchanged.
func (o *options) targetError(s nets.Spec, err error) error {
	var re *train.TargetRangeError
	if !errors.As(err, &re) {
		return err
	}
	what := "data"
	if re.Set == "validation" {
		what = "validation data"
	}
	return usageError{Err: fmt.Errorf("-loss %s needs targets in [%g, %g]; row %d of the %s scaled by -scale %s holds %.3g: %s",
		re.Loss, re.Lo, re.Hi, re.SourceRow, what, scaleKind(s), re.Value, o.targetAdvice(s))}
}

// stepError gives a failed training step's error one prefix, the
// command's; a first batch whose loss is not finite points to the data's
// scaling. Other errors pass unchanged.
func (o *options) stepError(s nets.Spec, err error) error {
	var se *train.StepError
	if !errors.As(err, &se) {
		return err
	}
	err = fmt.Errorf("epoch %d, batch %d: %w", se.Epoch, se.Batch, se.Err)
	if se.Epoch != 1 || se.Batch != 1 || !errors.Is(err, train.ErrNonFinite) {
		return err
	}
	var others []string
	for _, k := range []string{"standard", "minmax"} {
		if k != scaleKind(s) {
			others = append(others, "-scale "+k)
		}
	}
	return fmt.Errorf("%w: the data's values may be too large for -scale %s (try %s)", err, scaleKind(s), strings.Join(others, " or "))
}

// targetAdvice says what would train: the mse loss, or min-max scaling
// where the data were not scaled so already.
func (o *options) targetAdvice(s nets.Spec) string {
	advice := "use -loss mse"
	if scaleKind(s) != "minmax" {
		advice += ", or -scale minmax"
	}
	if o.resume != "" {
		advice = o.resume + " keeps its loss and scaling; start a new run and " + advice
	}
	return advice
}

// scaleKind names the scaling of the net's data.
func scaleKind(s nets.Spec) string {
	if s.Scale == nil {
		return "none"
	}
	return s.Scale.Kind
}

package train

import (
	"fmt"
	"reflect"
)

// Callback hooks into Fit. Embed BaseCallback to implement only some of the
// methods. An error from any method stops Fit and is returned wrapped with
// the callback's name.
type Callback interface {
	OnTrainBegin(t *Trainer) error
	OnEpochBegin(t *Trainer, epoch, steps int) error
	OnBatchEnd(t *Trainer, epoch int, logs BatchLogs) error
	OnEpochEnd(t *Trainer, epoch int, logs EpochLogs) error
	// OnTrainEnd gets the error Fit is about to return, nil on success.
	OnTrainEnd(t *Trainer, err error) error
}

// BaseCallback does nothing at every hook.
type BaseCallback struct{}

func (BaseCallback) OnTrainBegin(*Trainer) error               { return nil }
func (BaseCallback) OnEpochBegin(*Trainer, int, int) error     { return nil }
func (BaseCallback) OnBatchEnd(*Trainer, int, BatchLogs) error { return nil }
func (BaseCallback) OnEpochEnd(*Trainer, int, EpochLogs) error { return nil }
func (BaseCallback) OnTrainEnd(*Trainer, error) error          { return nil }

func callbackName(c Callback) string {
	if s, ok := c.(fmt.Stringer); ok {
		return s.String()
	}
	t := reflect.TypeOf(c)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

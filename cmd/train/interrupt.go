package main

import (
	"fmt"

	"github.com/go-autoencoders/ae/train"
)

// interruptedError is a run stopped by Ctrl-C: it says what the folder
// holds to continue from, and wraps the context's error.
type interruptedError struct {
	msg string
	err error
}

func (e *interruptedError) Error() string { return e.msg }
func (e *interruptedError) Unwrap() error { return e.err }

// interrupted returns the error of a Fit interrupted after it had trained
// from epoch start to epoch done: last.safetensors holds the last finished
// epoch, never the weights of the unfinished one.
func (o *options) interrupted(err error, start, done int, ckpt *train.ModelCheckpoint) error {
	var msg string
	switch {
	case done > start:
		msg = fmt.Sprintf("interrupted in epoch %d; %s holds epoch %d, the last finished (continue with -resume %s)", done+1, ckpt.LastPath(), done, ckpt.LastPath())
	case o.resume != "":
		msg = fmt.Sprintf("interrupted in epoch %d, before it finished; %s still holds epoch %d (continue with -resume %s)", done+1, o.resume, done, o.resume)
	default:
		msg = fmt.Sprintf("interrupted in epoch %d, before any epoch finished; nothing was saved", done+1)
	}
	return &interruptedError{msg: msg, err: err}
}

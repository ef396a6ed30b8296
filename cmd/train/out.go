package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// claimOut makes the output folder, locks it against a second run and
// removes the temporary files a killed run left. Earlier results stay
// until the first epoch of this run has finished.
func claimOut(dir string, ckpt *train.ModelCheckpoint, log logrus.FieldLogger) (unlock func() error, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	unlock, err = train.LockDir(dir)
	var locked *train.LockedError
	if errors.As(err, &locked) {
		return nil, fmt.Errorf("-out: %s is in use by another run (process %d); wait for it or choose another -out", dir, locked.PID)
	}
	if err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	stale, err := ckpt.RemoveStaleTemps()
	if err != nil {
		unlock()
		return nil, fmt.Errorf("-out: %w", err)
	}
	if len(stale) > 0 {
		log.WithField("files", stale).Info("removed the temporary files of an interrupted run")
	}
	return unlock, nil
}

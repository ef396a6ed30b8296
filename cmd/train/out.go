package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// runFiles are the files that make a folder a run's.
var runFiles = []string{"last.safetensors", "best.safetensors", "history.csv"}

// maxNumbered is the most numbered folders a default -out tries.
const maxNumbered = 10000

// folder is what an output folder holds.
type folder struct {
	run   []string // the run files it holds
	other []string // the files that are no run's
}

// readFolder returns what dir holds, ignoring the lock file and the
// temporary files a killed run left; a missing folder holds nothing.
func readFolder(dir string) (folder, error) {
	var f folder
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("-out: %w", err)
	}
	for _, e := range ents {
		switch n := e.Name(); {
		case n == train.LockFile || strings.HasPrefix(n, ".") && strings.Contains(n, ".tmp"):
		case slices.Contains(runFiles, n):
			f.run = append(f.run, n)
		default:
			f.other = append(f.other, n)
		}
	}
	return f, nil
}

// refuse returns the error for a run into dir, which holds f, or nil if
// the run may write there: a new folder, an empty one, the resumed run's,
// or a run's with -overwrite.
func (o *options) refuse(dir string, f folder, resumed bool) error {
	switch {
	case len(f.run) > 0 && (resumed || o.overwrite):
		return nil
	case len(f.run) > 0:
		hint := "pass -overwrite or choose another -out"
		if slices.Contains(f.run, "last.safetensors") {
			hint += ", or continue it with -resume " + filepath.Join(dir, "last.safetensors")
		}
		return usageError{Err: fmt.Errorf("-out: %s holds a run (%s); a new run would replace it: %s", dir, strings.Join(f.run, ", "), hint)}
	case len(f.other) > 0:
		return usageError{Err: fmt.Errorf("-out: %s is not empty and holds no run (%s); choose a new or empty folder", dir, strings.Join(first(f.other, 3), ", "))}
	}
	return nil
}

// first returns the first n of s, and "..." when there are more.
func first(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(slices.Clone(s[:n]), "...")
}

// claimOut picks the output folder, makes it, locks it against a second
// run and removes the temporary files a killed run left. A new run never
// writes into a folder that holds a run: into a numbered one (runs/conv-2,
// -3, ...) for the default -out, and with -overwrite alone for an explicit
// one; nor into a folder that holds other files. A resume continues in
// its checkpoint's folder. Earlier results stay until the first epoch of
// this run has finished. It sets o.out and ckpt's paths to the folder.
func (o *options) claimOut(ckpt *train.ModelCheckpoint, log logrus.FieldLogger) (unlock func() error, err error) {
	resumed := o.resume != "" && samePath(o.out, filepath.Dir(o.resume))
	if o.set["out"] || resumed || o.overwrite {
		return o.claim(o.out, resumed, ckpt, log)
	}
	base := o.out
	for n := 1; n <= maxNumbered; n++ {
		dir := base
		if n > 1 {
			dir = base + "-" + strconv.Itoa(n)
		}
		unlock, err := o.claim(dir, false, ckpt, log)
		var u usageError
		var locked *train.LockedError
		if errors.As(err, &u) || errors.As(err, &locked) {
			continue // holds a run or files, or another run holds it
		}
		if err == nil && n > 1 {
			log.WithField("out", dir).Warnf("%s holds an earlier run; this run writes into %s (-overwrite replaces it)", base, dir)
		}
		return unlock, err
	}
	return nil, fmt.Errorf("-out: %s and its numbered folders up to %s-%d all hold runs; choose an -out", base, base, maxNumbered)
}

// claim claims dir, checking what it holds before making or locking it,
// and again once it holds the lock.
func (o *options) claim(dir string, resumed bool, ckpt *train.ModelCheckpoint, log logrus.FieldLogger) (unlock func() error, err error) {
	f, err := readFolder(dir)
	if err != nil {
		return nil, err
	}
	if err := o.refuse(dir, f, resumed); err != nil {
		return nil, err
	}
	_, err = os.Stat(dir)
	created := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	unlock, err = train.LockDir(dir)
	if created {
		unlock = removeIfEmpty(dir, unlock, err)
	}
	var locked *train.LockedError
	if errors.As(err, &locked) {
		return nil, fmt.Errorf("-out: %s is in use by another run (process %d); wait for it or choose another -out: %w", dir, locked.PID, err)
	}
	if err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	if f, err = readFolder(dir); err == nil {
		err = o.refuse(dir, f, resumed)
	}
	if err == nil {
		err = o.useOut(dir, ckpt, log)
	}
	if err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// removeIfEmpty returns unlock, which then also removes dir if the run
// left it empty; if locking failed (err), it removes dir at once.
func removeIfEmpty(dir string, unlock func() error, err error) func() error {
	if err != nil {
		os.Remove(dir)
		return unlock
	}
	return func() error {
		uerr := unlock()
		os.Remove(dir) // fails, as it should, unless the folder is empty
		return uerr
	}
}

// useOut makes dir the run's folder and removes the temporary files a
// killed run left there.
func (o *options) useOut(dir string, ckpt *train.ModelCheckpoint, log logrus.FieldLogger) error {
	o.out, ckpt.Dir, ckpt.HistoryCSV = dir, dir, filepath.Join(dir, "history.csv")
	stale, err := ckpt.RemoveStaleTemps()
	if err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	if len(stale) > 0 {
		log.WithField("files", stale).Info("removed the temporary files of an interrupted run")
	}
	return nil
}

// samePath reports whether a and b name the same folder.
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

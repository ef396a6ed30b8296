package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Outputs are the files of one run of a command, written into a
// temporary folder beside their own (in it, or in its parent when it does
// not exist yet) and moved into it together by Commit: a run that fails
// replaces none of the files an earlier run left there and leaves none of
// its own. Write each file at Path(name), with AtomicFile, CreateNPY or
// safetensors.WriteFileAtomic.
type Outputs struct {
	dir, tmp string
	names    []string
	// keep is set when an undo could not put an earlier file back: the
	// temporary folder, which holds it, must then outlive the run.
	keep bool
}

// NewOutputs starts the outputs of a run into dir.
func NewOutputs(dir string) (*Outputs, error) {
	fi, err := os.Stat(dir)
	parent := dir
	switch {
	case err == nil && !fi.IsDir():
		return nil, fmt.Errorf("%s is a file", dir)
	case errors.Is(err, fs.ErrNotExist):
		parent = filepath.Dir(dir)
		err = os.MkdirAll(parent, 0o755)
	}
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp")
	if err != nil {
		return nil, err
	}
	return &Outputs{dir: dir, tmp: tmp}, nil
}

// Path returns where to write the output name, in the temporary folder.
func (o *Outputs) Path(name string) string {
	if !slices.Contains(o.names, name) {
		o.names = append(o.names, name)
	}
	return filepath.Join(o.tmp, name)
}

// Abort removes the temporary folder and what it holds, unless it holds
// earlier files a failed Commit could not put back.
func (o *Outputs) Abort() {
	if !o.keep {
		os.RemoveAll(o.tmp)
	}
}

// Commit moves the outputs into their folder, and removes from it the
// files named stale that this run did not write (an earlier run's
// outputs that would not match this run's). If a move fails, the files
// moved are put back as they were. It returns the outputs' paths.
func (o *Outputs) Commit(stale ...string) ([]string, error) {
	defer o.Abort()
	for _, name := range o.names {
		if _, err := os.Stat(filepath.Join(o.tmp, name)); err != nil {
			return nil, fmt.Errorf("%s was not written: %w", name, err)
		}
	}
	if _, err := os.Stat(o.dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Chmod(o.tmp, 0o755); err != nil {
			return nil, err
		}
		if err := os.Rename(o.tmp, o.dir); err != nil {
			return nil, err
		}
		return o.paths(), nil
	}
	touched := slices.Clone(o.names)
	for _, name := range stale {
		if !slices.Contains(touched, name) {
			touched = append(touched, name)
		}
	}
	if err := o.checkTargets(touched); err != nil {
		return nil, err
	}
	return o.paths(), o.swap(touched)
}

// checkTargets checks that no output would replace a folder.
func (o *Outputs) checkTargets(names []string) error {
	for _, name := range names {
		p := filepath.Join(o.dir, name)
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			return fmt.Errorf("%s is a folder", p)
		}
	}
	return nil
}

// swap moves the earlier files of names aside (into the temporary
// folder) and this run's into place; on failure it undoes what it did.
func (o *Outputs) swap(names []string) error {
	old := filepath.Join(o.tmp, ".old")
	if err := os.Mkdir(old, 0o700); err != nil {
		return err
	}
	var asided, placed []string
	undo := func(err error) error {
		for _, name := range placed {
			os.Remove(filepath.Join(o.dir, name))
		}
		for _, name := range asided {
			if rerr := os.Rename(filepath.Join(old, name), filepath.Join(o.dir, name)); rerr != nil {
				o.keep = true
				err = fmt.Errorf("%w; the earlier %s could not be put back and stays in %s", err, name, old)
			}
		}
		return err
	}
	for _, name := range names {
		p := filepath.Join(o.dir, name)
		if err := os.Rename(p, filepath.Join(old, name)); err == nil {
			asided = append(asided, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return undo(err)
		}
		if !slices.Contains(o.names, name) {
			continue
		}
		if err := os.Rename(filepath.Join(o.tmp, name), p); err != nil {
			return undo(err)
		}
		placed = append(placed, name)
	}
	return nil
}

func (o *Outputs) paths() []string {
	out := make([]string, len(o.names))
	for i, name := range o.names {
		out[i] = filepath.Join(o.dir, name)
	}
	return out
}

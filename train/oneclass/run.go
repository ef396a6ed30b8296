package oneclass

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// classFile is one class's results as Run stores them: the settings
// they were computed with, so that a rerun with others runs again.
type classFile struct {
	Settings string
	Results  []Result
	// Most and Least are the test samples' indices, most anomalous first
	// and least anomalous first, per method (the pictures).
	Most, Least map[string][]int
}

// settings is the text of what a class's results depend on.
func (c Config) settings() (string, error) {
	spec, err := json.Marshal(c.Spec)
	if err != nil {
		return "", err
	}
	svdd, err := json.Marshal(c.SVDD)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("data=%s methods=%s epochs=%d svdd-epochs=%d milestone=%g scale=%s seed=%d svdd=%s spec=%s",
		c.Data.Train.Source, strings.Join(c.Methods, ","), c.Epochs, c.SVDDEpochs, c.Milestone, c.Scale, c.Seed, svdd, spec), nil
}

// Picture is how many samples each picture shows, of each end.
const Picture = 32

// Run runs every class of cfg, skipping those whose results Out already
// holds with the same settings, and writes Out/oneclass.csv (class,
// method, auc, ap, then a mean row per method) and per class and method
// a picture of its most and least anomalous test samples. It returns the
// results of every class, in the order of cfg.Classes.
func Run(ctx context.Context, cfg Config) ([]Result, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Out == "" {
		return nil, fmt.Errorf("oneclass: no output folder")
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("oneclass: %w", err)
	}
	set, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	var all []Result
	for _, class := range cfg.Classes {
		f, err := classResults(ctx, cfg, class, set)
		if err != nil {
			return nil, err
		}
		all = append(all, f.Results...)
		if err := writePictures(cfg, class, f); err != nil {
			return nil, err
		}
	}
	if err := writeTable(filepath.Join(cfg.Out, "oneclass.csv"), cfg.Methods, all); err != nil {
		return nil, err
	}
	return all, nil
}

// classResults reads the class's results file, or runs the class and
// writes it (atomically).
func classResults(ctx context.Context, cfg Config, class, set string) (*classFile, error) {
	path := filepath.Join(cfg.Out, "class-"+class+".json")
	if b, err := os.ReadFile(path); err == nil {
		var f classFile
		if json.Unmarshal(b, &f) == nil && f.Settings == set {
			cfg.Log.WithField("class", class).Infof("oneclass: results of %s are in %s, not run again", class, path)
			return &f, nil
		}
	}
	run, err := RunClass(ctx, cfg, class)
	if err != nil {
		return nil, err
	}
	f := &classFile{Settings: set, Results: run.Results, Most: map[string][]int{}, Least: map[string][]int{}}
	for m, s := range run.Scores {
		f.Most[m], f.Least[m] = ends(s, Picture)
	}
	b, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(path, b); err != nil {
		return nil, err
	}
	return f, nil
}

// writeAtomic writes b to path through a temporary file and a rename.
func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("oneclass: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("oneclass: %w", err)
	}
	return nil
}

// writeTable writes the results and the mean per method as CSV.
func writeTable(path string, methods []string, rs []Result) error {
	var b strings.Builder
	b.WriteString("class,method,auc,ap\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "%s,%s,%.4f,%.4f\n", r.Class, r.Method, r.AUC, r.AP)
	}
	for _, m := range methods {
		auc, ap, n := 0.0, 0.0, 0
		for _, r := range rs {
			if r.Method == m {
				auc, ap, n = auc+r.AUC, ap+r.AP, n+1
			}
		}
		if n > 0 {
			fmt.Fprintf(&b, "mean,%s,%.4f,%.4f\n", m, auc/float64(n), ap/float64(n))
		}
	}
	return writeAtomic(path, []byte(b.String()))
}

// ReadTable reads a table Run wrote.
func ReadTable(path string) ([]Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Result
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		if len(f) != 4 {
			return nil, fmt.Errorf("oneclass: %s:%d: want class,method,auc,ap", path, i+2)
		}
		r := Result{Class: f[0], Method: f[1]}
		var err1, err2 error
		r.AUC, err1 = strconv.ParseFloat(f[2], 64)
		r.AP, err2 = strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("oneclass: %s:%d: bad number", path, i+2)
		}
		out = append(out, r)
	}
	return out, nil
}

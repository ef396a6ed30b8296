package oneclass

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// The methods a run may score with.
const (
	// Recon scores by the reconstruction error of the pre-trained
	// autoencoder (the paper's DCAE).
	Recon = "recon"
	// SVDD scores by the squared distance to the centre of One-Class
	// Deep SVDD.
	SVDD = "svdd"
)

// Config is a one-class benchmark.
type Config struct {
	// Data is the labelled data: one model per class of Train, scored on
	// Test.
	Data *data.Split
	// Spec is the net (with no input shape: the data's); Scale its
	// scaling, fitted on each class's training samples ("gcn-l1", the
	// paper's).
	Spec  nets.Spec
	Scale string
	// Methods are Recon and/or SVDD; both come from one pre-training.
	Methods []string
	// Classes are the labels to run, all of Train's when empty.
	Classes []string
	// Epochs of pre-training, and SVDDEpochs of Deep SVDD's stage (0:
	// Epochs).
	Epochs, SVDDEpochs int
	// Milestone, in (0, 1), drops each stage's learning rate tenfold
	// after that fraction of its epochs (the reference code's 50 of 150
	// is 1/3); 0 keeps it.
	Milestone float64
	// SVDD are Deep SVDD's other settings.
	SVDD train.SVDDOptions
	// Seed seeds the shuffles.
	Seed uint64
	// Out is the folder of the results: one file per class, the table
	// and the pictures. A class whose results are there, of the same
	// settings, is not run again.
	Out string
	Log logrus.FieldLogger
}

// Result is one class's figures for one method.
type Result struct {
	Class, Method string
	AUC, AP       float64
}

// ClassRun is what one class's run gives: its results and every test
// sample's score per method, with the labels.
type ClassRun struct {
	Class   string
	Results []Result
	Scores  map[string][]float64
}

// Classes returns the labels of set, in order (numerically when they are
// numbers).
func Classes(set *data.Set) []string {
	var out []string
	for _, l := range set.Labels {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b string) int {
		x, errA := strconv.Atoi(a)
		y, errB := strconv.Atoi(b)
		if errA == nil && errB == nil {
			return x - y
		}
		return compare(a, b)
	})
	return out
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// check checks the configuration.
func (c *Config) check() error {
	if c.Data == nil || c.Data.Train == nil || c.Data.Test == nil {
		return fmt.Errorf("oneclass: the data needs a training and a test part")
	}
	if c.Data.Train.Labels == nil || c.Data.Test.Labels == nil {
		return fmt.Errorf("oneclass: %s: the data has no labels to tell the classes apart", c.Data.Train.Source)
	}
	if c.Data.Train.X == nil || c.Data.Test.X == nil {
		return fmt.Errorf("oneclass: %s: the samples must be in memory", c.Data.Train.Source)
	}
	if len(c.Methods) == 0 {
		return fmt.Errorf("oneclass: no method (want %s and/or %s)", Recon, SVDD)
	}
	for _, m := range c.Methods {
		if m != Recon && m != SVDD {
			return fmt.Errorf("oneclass: unknown method %q (want %s, %s or both)", m, Recon, SVDD)
		}
	}
	if !(c.Milestone >= 0 && c.Milestone < 1) {
		return fmt.Errorf("oneclass: milestone must be in [0, 1), got %g", c.Milestone)
	}
	if c.Epochs <= 0 || c.SVDDEpochs < 0 {
		return fmt.Errorf("oneclass: epochs must be positive, got %d and %d", c.Epochs, c.SVDDEpochs)
	}
	all := Classes(c.Data.Train)
	for _, k := range c.Classes {
		if !slices.Contains(all, k) {
			return fmt.Errorf("oneclass: class %q is not among the training labels %v", k, all)
		}
	}
	if len(c.Classes) == 0 {
		c.Classes = all
	}
	if c.Log == nil {
		c.Log = logrus.StandardLogger()
	}
	return nil
}

// RunClass trains on the training samples of class and scores the test
// part with each method.
func RunClass(ctx context.Context, cfg Config, class string) (*ClassRun, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	only, err := classSet(cfg.Data.Train, class)
	if err != nil {
		return nil, err
	}
	// every training sample of the class trains (the paper's protocol);
	// the val_loss in the log is the class's own test samples'
	val, err := classSet(cfg.Data.Test, class)
	if err != nil {
		return nil, err
	}
	split := &data.Split{Train: only, Test: val}
	opts := train.FitOptions{Epochs: cfg.Epochs, Seed: cfg.Seed, Scale: cfg.Scale, Log: cfg.Log, Callbacks: milestone(cfg.Milestone, cfg.Epochs)}
	t, err := train.Fit(ctx, cfg.Spec, split, opts)
	if err != nil {
		return nil, fmt.Errorf("oneclass: class %s: %w", class, err)
	}
	defer t.Close()
	anomaly := make([]bool, cfg.Data.Test.Len())
	for i, l := range cfg.Data.Test.Labels {
		anomaly[i] = l != class
	}
	run := &ClassRun{Class: class, Scores: map[string][]float64{}}
	if slices.Contains(cfg.Methods, Recon) {
		if err := run.score(cfg, Recon, t.Net, anomaly); err != nil {
			return nil, err
		}
	}
	if slices.Contains(cfg.Methods, SVDD) {
		so := cfg.SVDD
		so.Epochs = cfg.SVDDEpochs
		if so.Epochs == 0 {
			so.Epochs = cfg.Epochs
		}
		opts.Callbacks = milestone(cfg.Milestone, so.Epochs)
		if err := train.TrainSVDD(ctx, t, so, opts); err != nil {
			return nil, fmt.Errorf("oneclass: class %s: %w", class, err)
		}
		if err := run.score(cfg, SVDD, t.Net, anomaly); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// score scores the test part with net and adds the method's result.
func (run *ClassRun) score(cfg Config, method string, net *nets.Autoencoder, anomaly []bool) error {
	s, err := testScores(net, cfg.Data.Test)
	if err != nil {
		return fmt.Errorf("oneclass: class %s, %s: %w", run.Class, method, err)
	}
	r := Result{Class: run.Class, Method: method}
	if r.AUC, err = metrics.ROCAUC(s, anomaly); err == nil {
		r.AP, err = metrics.AveragePrecision(s, anomaly)
	}
	if err != nil {
		return fmt.Errorf("oneclass: class %s, %s: %w", run.Class, method, err)
	}
	run.Results = append(run.Results, r)
	run.Scores[method] = s
	cfg.Log.WithFields(logrus.Fields{"class": run.Class, "method": method, "auc": r.AUC, "ap": r.AP}).Info("oneclass")
	return nil
}

// testScores scales a copy of the test samples with the net's scaler and
// returns their anomaly scores.
func testScores(net *nets.Autoencoder, test *data.Set) ([]float64, error) {
	x := slices.Clone(test.X)
	if sc := net.Spec().Scale; sc != nil {
		if err := sc.Apply(x); err != nil {
			return nil, err
		}
	}
	return net.AnomalyScores(x)
}

// classSet returns the samples of set labelled class.
func classSet(set *data.Set, class string) (*data.Set, error) {
	size := set.Size()
	out := *set
	out.X, out.Labels = nil, nil
	for i, l := range set.Labels {
		if l == class {
			out.X = append(out.X, set.X[i*size:(i+1)*size]...)
			out.Labels = append(out.Labels, l)
		}
	}
	if len(out.Labels) == 0 {
		return nil, fmt.Errorf("oneclass: no training sample of class %q", class)
	}
	return &out, nil
}

// milestone returns the callbacks of a stage of epochs epochs: the
// learning-rate milestone, if any.
func milestone(frac float64, epochs int) []train.Callback {
	if frac <= 0 {
		return nil
	}
	return []train.Callback{&train.LRMilestone{Epoch: max(1, int(frac*float64(epochs)+0.5)), Factor: 0.1}}
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
	"github.com/sirupsen/logrus"
)

// svddFlags are the flags of Deep SVDD training.
type svddFlags struct {
	objective  string
	nu         float64
	svddEpochs int
}

func (f *svddFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.objective, "objective", "", "recon (the reconstruction error) or svdd (Deep SVDD: pre-train, then train the encoder toward a centre; needs a dense code) (default: the spec's)")
	fs.Float64Var(&f.nu, "nu", 0, "with -objective svdd: soft-boundary Deep SVDD with this ν in (0, 1] (default the one-class objective)")
	fs.IntVar(&f.svddEpochs, "svdd-epochs", 0, "with -objective svdd: epochs of the encoder stage (default -epochs)")
}

// checkSVDD checks the svdd flags.
func (o *options) checkSVDD() error {
	f := o.svdd
	switch {
	case f.objective != "" && f.objective != nets.ObjectiveRecon && f.objective != nets.ObjectiveSVDD:
		return usageError{Err: fmt.Errorf("-objective: want recon or svdd, got %q", f.objective)}
	case o.set["nu"] && nets.CheckNu(f.nu) != nil:
		return usageError{Err: fmt.Errorf("-nu: must be in (0, 1], got %g", f.nu)}
	case o.set["svdd-epochs"] && f.svddEpochs <= 0:
		return usageError{Err: fmt.Errorf("-svdd-epochs: must be positive, got %d", f.svddEpochs)}
	}
	return nil
}

// withObjective sets -objective in the spec, which checks it (svdd needs
// a dense code), and refuses to resume an svdd stage.
func (o *options) withObjective(s nets.Spec, ckpt *checkpoint.Checkpoint) (nets.Spec, error) {
	if ckpt != nil && s.SVDD != nil && len(s.SVDD.Center) > 0 {
		return s, usageError{Err: fmt.Errorf("-resume: %s is past Deep SVDD's pre-training; cmd/train resumes pre-training only (train.NewSVDDTrainer and Restore resume the svdd stage)", o.resume)}
	}
	if o.svdd.objective != "" {
		s.Objective = o.svdd.objective
	}
	if !s.IsSVDD() && (o.set["nu"] || o.set["svdd-epochs"]) {
		return s, usageError{Err: fmt.Errorf("-nu and -svdd-epochs need -objective svdd")}
	}
	if err := s.Check(); err != nil {
		return s, o.specError(err)
	}
	return s, nil
}

// fitSVDD runs Deep SVDD's centre and encoder stage after pre-training,
// saving its checkpoints (c and R in the spec) into -out.
func (o *options) fitSVDD(ctx context.Context, t *train.Training, log logrus.FieldLogger, stdout io.Writer) error {
	if !t.Net.Spec().IsSVDD() {
		return nil
	}
	so := train.SVDDOptions{Nu: o.svdd.nu, Epochs: o.svdd.svddEpochs}
	if so.Epochs == 0 {
		so.Epochs = o.epochs
	}
	log.WithFields(logrus.Fields{"epochs": so.Epochs, "nu": so.Nu}).Info("deep svdd: centre, then the encoder alone")
	cbs := append([]train.Callback{train.NewModelCheckpoint(o.out)}, o.progress(stdout))
	if err := train.TrainSVDD(ctx, t, so, train.FitOptions{Seed: o.seed, NoShuffle: !o.shuffle, Log: log, Callbacks: cbs}); err != nil {
		return fmt.Errorf("svdd: %w", err)
	}
	st := t.Net.SVDDState()
	log.WithFields(logrus.Fields{"radius": st.Radius, "code": len(st.Center)}).Infof("deep svdd done: %s scores by the squared distance to the centre", o.out)
	return nil
}

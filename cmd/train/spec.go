package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// spec returns the net the flags ask for, for samples of the given shape:
// the -layers stack, the spec in the -arch file, or the named -arch, with
// -code, -l1, -loss and -seed applied.
func (o *options) spec(shape []int) (nets.Spec, error) {
	s, err := o.baseSpec()
	if err != nil {
		return s, err
	}
	if o.set["code"] {
		if s, err = s.WithCode(o.code); err != nil {
			return s, o.specError(err)
		}
	}
	if o.set["select"] {
		if s, err = s.WithSelect(o.selectK); err != nil {
			return s, o.specError(err)
		}
	}
	if o.set["l1"] {
		s.L1 = o.l1
	}
	if o.set["loss"] {
		s.Loss, o.lossChosen = graph.Loss(o.loss), true
	}
	if o.set["noise"] {
		s.Noise = o.noise
	}
	if o.set["contractive"] {
		s.Contractive = o.contractive
	}
	if o.set["vae"] {
		s.VAE = o.vae
	}
	if o.set["beta"] {
		s.Beta = o.beta
	}
	s.Seed = o.seed
	if s, err = s.ForData(shape); err != nil {
		return s, o.specError(err)
	}
	if err := s.Check(); err != nil {
		// name the data too: a spec that fits one size may not fit another
		return s, o.specError(fmt.Errorf("%w (for the samples of shape %v from -data %s%s)", err, shape, o.dataName(), tabularHint(err, shape)))
	}
	return s, nil
}

func (o *options) baseSpec() (nets.Spec, error) {
	switch {
	case o.initModel != nil:
		return o.initSpec()
	case o.set["layers"]:
		sizes, err := parseSizes(o.layers)
		if err != nil {
			return nets.Spec{}, usageError{Err: fmt.Errorf("-layers: %w", err)}
		}
		return nets.Stack(sizes...), nil
	case strings.HasSuffix(o.arch, ".json"):
		s, err := nets.ReadSpecFile(o.arch)
		if err != nil {
			return s, usageError{Err: fmt.Errorf("-arch: %w", err)}
		}
		o.lossChosen = s.Loss != ""
		return s, nil
	}
	s, err := nets.Named(o.arch)
	return s, o.specError(err)
}

// tabularHint points a spec that cannot take tabular samples, such as
// the default conv net, to the dense ones.
func tabularHint(err error, shape []int) string {
	var se *nets.SpecError
	if len(shape) != 1 || !errors.As(err, &se) || se.Part != "encoder" || se.Layer != 0 || se.Field != "type" {
		return ""
	}
	return "; for tabular data use -arch dense or -layers 256,64,16"
}

// scaler returns the scaling of the run: the checkpoint's, or one fitted
// on the training set (-scale, default unit for 8-bit data, else min-max
// unless the values already lie in [0, 1]).
func (o *options) scaler(s nets.Spec, ckpt *checkpoint.Checkpoint, trainSet *data.Set) (*data.Scaler, error) {
	if ckpt != nil || o.initModel != nil && s.Scale != nil {
		return s.Scale, nil
	}
	sc, err := data.FitScaler(o.dataFlags.scale, trainSet)
	if err != nil && o.set["scale"] {
		return nil, usageError{Err: fmt.Errorf("-scale: %w", err)}
	}
	return sc, err
}

// dataName names the -data, the bundled MNIST when there is none.
func (o *options) dataName() string {
	if o.dataFlags.Path == "" {
		return "(the bundled MNIST)"
	}
	return o.dataFlags.Path
}

// parseSizes parses "256,64,16".
func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a list of positive sizes such as 256,64,16", s)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// specError maps an error of the nets package to the flag it is about:
// the library checks a spec, the command line only names the flag.
func (o *options) specError(err error) error {
	var se *nets.SpecError
	var ue *nets.UnknownNameError
	var sh *nets.ShapeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ue):
		return usageError{Err: fmt.Errorf("-arch: %w", err)}
	case errors.As(err, &sh):
		return fmt.Errorf("-data: %w", err)
	case errors.As(err, &se):
		flag := "arch"
		switch {
		case slices.Contains([]string{"code", "l1", "loss", "noise", "contractive", "beta", "select"}, se.Field):
			flag = se.Field
		case o.set["select"] && se.Part == "encoder" && se.Layer == 0:
			flag = "select"
		case o.set["layers"]:
			flag = "layers"
		}
		return usageError{Err: fmt.Errorf("-%s: %w", flag, err)}
	}
	return err
}

package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// netFlags are the flags that say what net to train.
var netFlags = []string{"arch", "layers", "code", "l1", "loss", "noise", "contractive", "vae", "beta", "select"}

// netSpec returns the spec of the net to train: the checkpoint's when
// resuming (flags that contradict it are errors), else the flags'.
func (o *options) netSpec(ckpt *checkpoint.Checkpoint, shape []int) (nets.Spec, error) {
	if ckpt == nil {
		return o.spec(shape)
	}
	s, err := nets.SpecOf(ckpt.Model)
	if err != nil {
		return s, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	if err := nets.CheckWeights(s, ckpt.Weights); err != nil {
		return s, fmt.Errorf("-resume: %s: %w", o.resume, err)
	}
	fitted, err := s.ForData(shape)
	if err != nil {
		return s, fmt.Errorf("-data: %s does not fit the net of %s: %w", o.dataName(), o.resume, err)
	}
	if err := o.checkNetFlags(fitted, shape); err != nil {
		return s, err
	}
	if o.set["scale"] && scaleKind(s) != o.dataFlags.scale {
		return s, usageError{Err: fmt.Errorf("-scale: %s scales its data with %s; a resumed run keeps it, so drop -scale", o.resume, scaleKind(s))}
	}
	if o.arch == "conv" && !o.set["arch"] {
		o.arch = s.Name
	}
	return s, nil
}

// checkNetFlags checks the net flags given on a resume against the
// checkpoint's net s: a flag that agrees with it (the training command
// repeated with -resume added) is accepted, and the first that
// contradicts it is an error naming it.
func (o *options) checkNetFlags(s nets.Spec, shape []int) error {
	var given []string
	for _, f := range netFlags {
		if o.set[f] {
			given = append(given, f)
		}
	}
	if len(given) == 0 {
		return nil
	}
	f, err := o.spec(shape)
	if err != nil {
		return err
	}
	for _, flag := range given {
		if !o.agrees(flag, f, s) {
			return usageError{Err: fmt.Errorf("-%s: %s holds a %s net that -%s contradicts; a resumed run keeps the checkpoint's net, so drop -%s", flag, o.resume, s.Name, flag, flag)}
		}
	}
	return nil
}

// agrees reports whether flag says of the flags' net f what the
// checkpoint's net s is.
func (o *options) agrees(flag string, f, s nets.Spec) bool {
	switch flag {
	case "arch":
		if !strings.HasSuffix(o.arch, ".json") {
			return o.arch == s.Name
		}
		return sameLayers(f, s)
	case "layers", "code", "select":
		return sameLayers(f, s)
	case "l1":
		return f.L1 == s.L1
	case "loss":
		return f.LossName() == s.LossName()
	case "noise":
		return f.Noise == s.Noise
	case "contractive":
		return f.Contractive == s.Contractive
	case "vae":
		return f.VAE == s.VAE
	case "beta":
		return f.KLWeight() == s.KLWeight()
	}
	return false
}

// sameLayers reports whether a and b have the same layers.
func sameLayers(a, b nets.Spec) bool {
	return reflect.DeepEqual(a.Encoder, b.Encoder) && reflect.DeepEqual(a.Decoder, b.Decoder)
}

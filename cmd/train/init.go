package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// readInit reads the -init model, a checkpoint or an ONNX file
// (nets.ReadCheckpoint): the run fine-tunes its net, from its weights,
// as a new run (epoch 0, a fresh optimizer). The output folder is named
// after the file unless -out says otherwise.
func (o *options) readInit() error {
	if o.init == "" {
		return nil
	}
	c, err := nets.ReadCheckpoint(o.init)
	if err != nil {
		return fmt.Errorf("-init: %w", err)
	}
	if _, err := nets.SpecOf(c.Model); err != nil {
		return fmt.Errorf("-init: %s: %w", o.init, err)
	}
	o.initModel = c
	o.arch = strings.TrimSuffix(filepath.Base(o.init), filepath.Ext(o.init))
	return nil
}

// initSpec returns the spec of the -init model.
func (o *options) initSpec() (nets.Spec, error) {
	s, err := nets.SpecOf(o.initModel.Model)
	if err != nil {
		return s, fmt.Errorf("-init: %s: %w", o.init, err)
	}
	o.lossChosen = s.Loss != ""
	return s, nil
}

// initWeights copies the -init model's weights into the run's net; a net
// flag that changed its shape is an error naming the file.
func (o *options) initWeights(t *train.Training, c *checkpoint.Checkpoint) error {
	if c == nil {
		return nil
	}
	if err := nets.CheckWeights(t.Net.Spec(), c.Weights); err != nil {
		return usageError{Err: fmt.Errorf("-init: %s does not fit the net of the run (did a flag change it?): %w", o.init, err)}
	}
	p := t.Net.Params()
	for _, name := range p.Names() {
		w := c.Weights[name]
		if err := p.Set(name, w.Shape, w.Data); err != nil {
			return fmt.Errorf("-init: %s: %w", o.init, err)
		}
	}
	return nil
}

package cli

import (
	"fmt"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/sirupsen/logrus"
)

// Inputs are what the commands that put a model to work read: the net of
// a checkpoint, the record of its data (nil for a checkpoint that keeps
// none) and the -data.
type Inputs struct {
	Net    *nets.Autoencoder
	Record *DataRecord
	Data   *data.Split
	// Flags are the data flags the data was read with: without -data,
	// those of the data the checkpoint records.
	Flags DataFlags
}

// OpenInputs loads the checkpoint at path and opens the data d names
// (DataFlags.Open); without -data, the data the checkpoint records
// (DataFlags.Recorded), which it logs, else the bundled MNIST. Close
// releases both.
func OpenInputs(path string, d DataFlags, log logrus.FieldLogger) (*Inputs, error) {
	c, err := nets.ReadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	r, err := ReadDataRecord(c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a, err := nets.Load(path)
	if err != nil {
		return nil, err
	}
	d, what := d.Recorded(r)
	if what != "" {
		log.Info(what)
	}
	if s := a.Spec(); s.Sequence() && d.Window == 0 {
		d.Window = s.Input[1] // a net of sequences reads windows of its input's steps
	}
	split, err := d.Open()
	if err != nil {
		a.Close()
		if what != "" {
			return nil, fmt.Errorf("%w (the data the checkpoint records; give -data)", err)
		}
		return nil, err
	}
	return &Inputs{Net: a, Record: r, Data: split, Flags: d}, nil
}

// Close closes the data's files and the net.
func (in *Inputs) Close() error {
	in.Data.Train.Close()
	if in.Data.Test != nil {
		in.Data.Test.Close()
	}
	return in.Net.Close()
}

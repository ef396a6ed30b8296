package cli

import (
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// Inputs are what the commands that put a model to work read: the net of
// a checkpoint and the -data.
type Inputs struct {
	Net  *nets.Autoencoder
	Data *data.Split
}

// OpenInputs loads the checkpoint at path and opens the data d names
// (DataFlags.Open); Close releases both.
func OpenInputs(path string, d DataFlags) (*Inputs, error) {
	a, err := nets.Load(path)
	if err != nil {
		return nil, err
	}
	split, err := d.Open()
	if err != nil {
		a.Close()
		return nil, err
	}
	return &Inputs{Net: a, Data: split}, nil
}

// Close closes the data's files and the net.
func (in *Inputs) Close() error {
	in.Data.Train.Close()
	if in.Data.Test != nil {
		in.Data.Test.Close()
	}
	return in.Net.Close()
}

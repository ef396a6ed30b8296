package main

import (
	"fmt"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
)

// checkMemory refuses a batch whose training step would not fit in the
// memory the machine has available, before anything is allocated.
func checkMemory(ae *nets.Autoencoder, batch int) error {
	avail, ok := memoryAvailable()
	need := ae.TrainingBytes(batch)
	if ok && need > avail {
		return usageError{Err: fmt.Errorf("-batch: a step on %d samples of this net needs about %s, and the machine has %s available", batch, data.FormatBytes(need), data.FormatBytes(avail))}
	}
	return nil
}

// memoryAvailable is data.AvailableMemory; tests replace it. Where the
// available memory is unknown (other systems), nothing is refused.
var memoryAvailable = data.AvailableMemory

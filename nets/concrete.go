package nets

import "github.com/go-autoencoders/ae/graph"

// StartEpoch anneals the temperature of the net's concrete selector layers
// for epoch (1-based) of epochs; the trainer calls it before every epoch
// (train.EpochStarter).
func (a *Autoencoder) StartEpoch(epoch, epochs int) {
	for _, l := range a.plan.encoder {
		if l.Type == TypeConcrete {
			a.params.Data(l.name + "/temperature")[0] = graph.ConcreteTemperature(epoch, epochs)
		}
	}
}

// Selected returns the input features a concrete autoencoder keeps, one
// per unit of its selector, or nil for other nets.
func (a *Autoencoder) Selected() []int {
	first := a.plan.encoder[0]
	if first.Type != TypeConcrete {
		return nil
	}
	return graph.Selected(a.params.Data(first.name+"/logits"), first.Units, first.in[0])
}

package graph

// Freeze keeps the named weights out of TrainableNames (and Trainable)
// until Unfreeze, so that a trainer of a graph that does not use them
// (Deep SVDD's encoder-only stage) trains the others; they are still
// saved and loaded with the rest. Unknown and state names are ignored.
func (p *Params) Freeze(names ...string) {
	if p.frozen == nil {
		p.frozen = map[string]bool{}
	}
	for _, n := range names {
		if _, ok := p.byName[n]; ok && !p.state[n] {
			p.frozen[n] = true
		}
	}
}

// Unfreeze makes every frozen weight trainable again.
func (p *Params) Unfreeze() { clear(p.frozen) }

package graph

import (
	"fmt"
	"math/rand/v2"
	"sort"

	"gorgonia.org/tensor"
)

// Params is an ordered store of named float32 parameter tensors. Graphs built
// over the same Params share their weights: an optimizer that updates a
// tensor in place updates it for every graph.
//
// Most parameters are trainable weights. Some are state, such as the moving
// statistics of batch normalisation: saved and loaded with the weights, but
// updated by the forward pass rather than by an optimizer.
//
// Params is not safe for concurrent mutation.
type Params struct {
	names  []string
	byName map[string]*tensor.Dense
	state  map[string]bool
	// frozen weights stay out of TrainableNames (Freeze)
	frozen map[string]bool
	rng    *rand.Rand
	src    *rand.PCG
}

// NewParams returns an empty store whose initializers draw from a PCG
// generator seeded with seed.
func NewParams(seed uint64) *Params {
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	return &Params{byName: map[string]*tensor.Dense{}, state: map[string]bool{}, rng: rand.New(src), src: src}
}

// Names returns the names of all parameters, weights and state, in creation
// order: everything a checkpoint saves.
func (p *Params) Names() []string { return append([]string(nil), p.names...) }

// Trainable reports whether the named parameter exists and is a trainable
// weight rather than state.
func (p *Params) Trainable(name string) bool {
	_, ok := p.byName[name]
	return ok && !p.state[name] && !p.frozen[name]
}

// TrainableNames returns the names of the trainable weights in creation
// order: Names without the state.
func (p *Params) TrainableNames() []string {
	var s []string
	for _, n := range p.names {
		if !p.state[n] && !p.frozen[n] {
			s = append(s, n)
		}
	}
	return s
}

// SortedNames returns the parameter names in lexical order.
func (p *Params) SortedNames() []string {
	s := p.Names()
	sort.Strings(s)
	return s
}

// Len returns the number of parameter tensors.
func (p *Params) Len() int { return len(p.names) }

// Count returns the total number of scalar parameters.
func (p *Params) Count() int {
	n := 0
	for _, t := range p.byName {
		n += t.Shape().TotalSize()
	}
	return n
}

// Tensor returns the named tensor, or nil if there is none.
func (p *Params) Tensor(name string) *tensor.Dense { return p.byName[name] }

// Data returns the backing slice of the named tensor, or nil.
func (p *Params) Data(name string) []float32 {
	t := p.byName[name]
	if t == nil {
		return nil
	}
	return t.Data().([]float32)
}

// Shape returns a copy of the named tensor's shape, or nil.
func (p *Params) Shape(name string) []int {
	t := p.byName[name]
	if t == nil {
		return nil
	}
	return append([]int(nil), t.Shape()...)
}

// get returns the named tensor, creating it with init if it does not exist,
// as state if state is true. An existing tensor must have the requested
// shape and kind.
func (p *Params) get(name string, shape []int, init Initializer, state bool) (*tensor.Dense, error) {
	if t, ok := p.byName[name]; ok {
		if p.state[name] != state {
			return nil, fmt.Errorf("graph: parameter %q is %s, layer wants %s", name, kindOf(p.state[name]), kindOf(state))
		}
		if !sameShape(t.Shape(), shape) {
			return nil, fmt.Errorf("graph: parameter %q has shape %v, layer wants %v", name, []int(t.Shape()), shape)
		}
		return t, nil
	}
	if name == "" {
		return nil, fmt.Errorf("graph: empty parameter name")
	}
	for _, d := range shape {
		if d <= 0 {
			return nil, fmt.Errorf("graph: parameter %q: bad shape %v", name, shape)
		}
	}
	data := make([]float32, tensor.Shape(shape).TotalSize())
	if init != nil {
		init(p.rng, shape, data)
	}
	t := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
	p.byName[name] = t
	p.names = append(p.names, name)
	if state {
		p.state[name] = true
	}
	return t, nil
}

func kindOf(state bool) string {
	if state {
		return "state"
	}
	return "a trainable weight"
}

// Set copies data into the named parameter. The parameter must exist with the
// given shape: loading a checkpoint never changes the architecture.
func (p *Params) Set(name string, shape []int, data []float32) error {
	t, ok := p.byName[name]
	if !ok {
		return fmt.Errorf("graph: no parameter %q", name)
	}
	if !sameShape(t.Shape(), shape) {
		return fmt.Errorf("graph: parameter %q has shape %v, got %v", name, []int(t.Shape()), shape)
	}
	dst := t.Data().([]float32)
	if len(data) != len(dst) {
		return fmt.Errorf("graph: parameter %q needs %d values, got %d", name, len(dst), len(data))
	}
	copy(dst, data)
	return nil
}

// CopyFrom copies every parameter of src into p. Both must hold the same
// names and shapes.
func (p *Params) CopyFrom(src *Params) error {
	if src.Len() != p.Len() {
		return fmt.Errorf("graph: copying %d parameters into %d", src.Len(), p.Len())
	}
	for _, n := range src.names {
		if err := p.Set(n, src.Shape(n), src.Data(n)); err != nil {
			return err
		}
	}
	return nil
}

func sameShape(a tensor.Shape, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

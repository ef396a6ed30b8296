package train

import (
	"fmt"
	"math"
	"strings"
)

// slots is the per-weight state shared by the optimizers: the iteration
// count and one slice per slot, keyed "kind/weight name".
type slots struct {
	t int
	m map[string][]float32
}

// slotKind is a kind of slot an optimizer keeps for every weight.
type slotKind struct {
	name string
	// nonNegative kinds accumulate squares; a negative value would make
	// a square root NaN.
	nonNegative bool
}

func (s *slots) slot(kind, name string, n int) []float32 {
	if s.m == nil {
		s.m = map[string][]float32{}
	}
	k := kind + "/" + name
	v, ok := s.m[k]
	if !ok {
		v = make([]float32, n)
		s.m[k] = v
	}
	return v
}

func (s *slots) State() (int, map[string][]float32) { return s.t, s.m }

// setState checks t and m against the slot kinds of optimizer opt and the
// weights of sizes, and only then replaces the state with t and a copy of m.
func (s *slots) setState(opt string, kinds []slotKind, t int, m map[string][]float32, sizes map[string]int) error {
	if err := checkState(opt, kinds, t, m, sizes); err != nil {
		return err
	}
	s.t, s.m = t, make(map[string][]float32, len(m))
	for k, v := range m {
		s.m[k] = append([]float32(nil), v...)
	}
	return nil
}

// checkState returns an error naming the first slot, in key order, that
// does not fit the optimizer opt with slot kinds kinds and weights sizes.
func checkState(opt string, kinds []slotKind, t int, m map[string][]float32, sizes map[string]int) error {
	if t < 0 {
		return fmt.Errorf("train: optimizer %s: negative iteration count %d", opt, t)
	}
	for _, key := range sortedKeys(m) {
		if err := checkSlot(opt, kinds, key, m[key], sizes); err != nil {
			return err
		}
	}
	if len(m) == 0 && t == 0 {
		return nil // no step yet: the slots are created by the first
	}
	for _, w := range sortedKeys(sizes) {
		for _, k := range kinds {
			if _, ok := m[k.name+"/"+w]; !ok {
				return fmt.Errorf("train: optimizer %s: missing slot %q after %d iterations", opt, k.name+"/"+w, t)
			}
		}
	}
	return nil
}

// checkSlot checks one slot.
func checkSlot(opt string, kinds []slotKind, key string, v []float32, sizes map[string]int) error {
	kind, weight, ok := strings.Cut(key, "/")
	if !ok {
		return fmt.Errorf("train: optimizer %s: slot %q is not named kind/weight", opt, key)
	}
	i := -1
	for j, k := range kinds {
		if k.name == kind {
			i = j
		}
	}
	if i < 0 {
		return fmt.Errorf("train: optimizer %s: slot %q is of kind %q, which %s does not keep (%s)", opt, key, kind, opt, kindList(kinds))
	}
	n, ok := sizes[weight]
	if !ok {
		return fmt.Errorf("train: optimizer %s: slot %q is for weight %q, which the model does not have", opt, key, weight)
	}
	if len(v) != n {
		return fmt.Errorf("train: optimizer %s: slot %q has %d values, weight %q has %d", opt, key, len(v), weight, n)
	}
	for j, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("train: optimizer %s: slot %q: value %d is %v", opt, key, j, x)
		}
		if kinds[i].nonNegative && x < 0 {
			return fmt.Errorf("train: optimizer %s: slot %q: value %d is %v, want a sum of squares, at least 0", opt, key, j, x)
		}
	}
	return nil
}

// kindList says which kinds of slots an optimizer keeps.
func kindList(kinds []slotKind) string {
	if len(kinds) == 0 {
		return "it keeps no slots"
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return "it keeps " + strings.Join(names, " and ")
}

// weightSizes maps each trainable weight's name to its number of values,
// as Optimizer.SetState wants.
func (t *Trainer) weightSizes() map[string]int {
	p := t.model.Params()
	sizes := make(map[string]int, len(t.names))
	for _, name := range t.names {
		sizes[name] = len(p.Data(name))
	}
	return sizes
}

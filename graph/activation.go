package graph

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/go-autoencoders/ae/graph/internal/kernels"
	"gorgonia.org/gorgonia"
)

// Activation is an element-wise function applied after a layer's affine
// map. The built-in ones have kernels of their own; RegisterActivation adds
// more. An Activation marshals to JSON and text as its name.
type Activation int

const (
	// Linear is the identity.
	Linear Activation = iota
	// ReLU is max(x, 0).
	ReLU
	// Sigmoid is 1 / (1 + exp(-x)).
	Sigmoid
	// Tanh is the hyperbolic tangent.
	Tanh
	// LeakyReLU is x for x > 0 and 0.2·x otherwise, as
	// keras.activations.leaky_relu.
	LeakyReLU
	// ELU is x for x > 0 and exp(x) - 1 otherwise (alpha 1).
	ELU
	// Softplus is log(1 + exp(x)).
	Softplus
	// LeakyReLU01 is x for x > 0 and 0.01·x otherwise, as PyTorch's
	// leaky_relu (the Deep SVDD reference code's nets).
	LeakyReLU01

	numBuiltin
)

var builtinNames = [numBuiltin]string{"linear", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "leaky_relu_0.01"}

// customActivation is an activation added by RegisterActivation.
type customActivation struct {
	name string
	f    func(x float32) float32
	grad func(x, y float32) float32
}

// activations is the registry of the activations added by
// RegisterActivation, as image.RegisterFormat keeps image formats:
// custom[i] is Activation(numBuiltin + i).
var activations struct {
	sync.RWMutex
	custom []customActivation
}

// ErrDuplicateActivation is returned by RegisterActivation for a name that
// is already taken.
var ErrDuplicateActivation = errors.New("graph: activation already registered")

// RegisterActivation adds an activation computing f element-wise, whose
// derivative at x is grad(x, y) with y = f(x), and returns its value. It
// works in every layer that takes an Activation, and ParseActivation finds
// it by name. Register activations once, at program start (not in init if
// registration can fail); names are unique and may not be empty.
func RegisterActivation(name string, f func(x float32) float32, grad func(x, y float32) float32) (Activation, error) {
	if strings.TrimSpace(name) == "" {
		return 0, fmt.Errorf("graph: RegisterActivation: empty name")
	}
	if f == nil || grad == nil {
		return 0, fmt.Errorf("graph: RegisterActivation %q: nil function or gradient", name)
	}
	activations.Lock()
	defer activations.Unlock()
	if _, ok := lookupActivation(name); ok {
		return 0, fmt.Errorf("%w: %q", ErrDuplicateActivation, name)
	}
	activations.custom = append(activations.custom, customActivation{name: name, f: f, grad: grad})
	return numBuiltin + Activation(len(activations.custom)-1), nil
}

// lookupActivation finds a name; the caller holds the registry's lock.
func lookupActivation(name string) (Activation, bool) {
	for i, n := range builtinNames {
		if n == name {
			return Activation(i), true
		}
	}
	for i, c := range activations.custom {
		if c.name == name {
			return numBuiltin + Activation(i), true
		}
	}
	return 0, false
}

// custom returns the registered activation a, or false if a is built in or
// unknown.
func (a Activation) custom() (customActivation, bool) {
	if a < numBuiltin {
		return customActivation{}, false
	}
	activations.RLock()
	defer activations.RUnlock()
	i := int(a - numBuiltin)
	if i >= len(activations.custom) {
		return customActivation{}, false
	}
	return activations.custom[i], true
}

func (a Activation) builtin() bool { return a >= 0 && a < numBuiltin }

// valid reports whether a is built in or registered.
func (a Activation) valid() bool {
	_, ok := a.custom()
	return a.builtin() || ok
}

// ParseActivation returns the activation of the given name: "linear",
// "relu", "sigmoid", "tanh", "leaky_relu", "elu", "softplus", "leaky_relu_0.01" or a
// registered one.
func ParseActivation(s string) (Activation, error) {
	activations.RLock()
	defer activations.RUnlock()
	if a, ok := lookupActivation(s); ok {
		return a, nil
	}
	names := builtinNames[:]
	for _, c := range activations.custom {
		names = append(names, c.name)
	}
	return 0, fmt.Errorf("graph: unknown activation %q (want one of %s)", s, strings.Join(names, ", "))
}

func (a Activation) String() string {
	if a.builtin() {
		return builtinNames[a]
	}
	if c, ok := a.custom(); ok {
		return c.name
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// MarshalText returns the activation's name.
func (a Activation) MarshalText() ([]byte, error) {
	if !a.valid() {
		return nil, fmt.Errorf("graph: unknown activation %v", a)
	}
	return []byte(a.String()), nil
}

// UnmarshalText sets a to the activation named by text.
func (a *Activation) UnmarshalText(text []byte) error {
	v, err := ParseActivation(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Apply adds the activation of x to x's graph.
func (a Activation) Apply(x *gorgonia.Node) (*gorgonia.Node, error) {
	switch {
	case a == Linear:
		return x, nil
	case a.builtin():
		return activationOp(x, a)
	}
	if c, ok := a.custom(); ok {
		return customActivationOp(x, nil, a, c)
	}
	return nil, fmt.Errorf("graph: unknown activation %v", a)
}

// outputDeriv returns the derivative of a built-in activation in terms of
// its output; a registered one, whose gradient needs its input too, has
// none.
func (a Activation) outputDeriv() (kernels.Deriv, bool) {
	if !a.builtin() {
		return nil, false
	}
	return kernels.OutputDeriv(int(a)), true
}

// Keep the enum and the kernels' constants in step.
var _ = [1]struct{}{}[int(numBuiltin)-kernels.NumActs]

package nets

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Archs lists the architectures New knows, in the order of the tutorials.
var Archs = []string{"dense", "sparse", "deep", "conv", "conv-keras"}

// Config describes an autoencoder completely: a checkpoint stores it, and New
// rebuilds the same net from it. Zero fields take the seeds' defaults.
type Config struct {
	// Arch is "dense", "sparse", "deep", "conv" (seed 003) or "conv-keras"
	// (the Keras blog's 16-8-8 model with a 4x4x8 code).
	Arch string `json:"arch"`
	// Code is the code size of dense and sparse; 0 means 32. Deep, conv and
	// conv-keras have fixed codes (32, 7x7x1 and 4x4x8).
	Code int `json:"code,omitempty"`
	// L1 is the activity penalty on the code of sparse; 0 means 1e-4. It
	// must be zero for the other archs.
	L1 float64 `json:"l1,omitempty"`
	// Loss is "bce" (binary cross-entropy on a sigmoid output) or "mse";
	// empty means mse for conv and bce for the others. With bce the output
	// layer is a sigmoid; conv with mse keeps its linear output.
	Loss string `json:"loss"`
	// Height and Width are the image size; 0 means 28.
	Height int `json:"height"`
	Width  int `json:"width"`
	// Seed seeds the weight initialisation.
	Seed uint64 `json:"seed"`
}

// Defaults per arch, from the seeds.
const (
	DefaultCode = 32
	DefaultL1   = 1e-4
)

// WithDefaults returns c with every zero field set to its arch's default,
// and an error naming the first field that is out of range.
func (c Config) WithDefaults() (Config, error) {
	if !slices.Contains(Archs, c.Arch) {
		return c, fmt.Errorf("nets: unknown arch %q (want one of %v)", c.Arch, Archs)
	}
	if c.Height == 0 {
		c.Height = 28
	}
	if c.Width == 0 {
		c.Width = 28
	}
	if c.Height < 0 || c.Width < 0 {
		return c, fmt.Errorf("nets: image size must be positive. Received: %dx%d", c.Height, c.Width)
	}
	switch c.Arch {
	case "dense", "sparse":
		if c.Code == 0 {
			c.Code = DefaultCode
		}
		if c.Code < 0 {
			return c, fmt.Errorf("nets: code size must be positive. Received: code=%d", c.Code)
		}
	default:
		if c.Code != 0 && c.Code != c.fixedCode() {
			return c, fmt.Errorf("nets: arch %s has a fixed code of %d units. Received: code=%d", c.Arch, c.fixedCode(), c.Code)
		}
		c.Code = c.fixedCode()
	}
	switch {
	case c.Arch == "sparse" && c.L1 == 0:
		c.L1 = DefaultL1
	case c.L1 < 0:
		return c, fmt.Errorf("nets: the L1 penalty must not be negative. Received: l1=%g", c.L1)
	case c.Arch != "sparse" && c.L1 != 0:
		return c, fmt.Errorf("nets: only sparse has an L1 penalty. Received: l1=%g for arch %s", c.L1, c.Arch)
	}
	if c.Loss == "" {
		c.Loss = "bce"
		if c.Arch == "conv" {
			c.Loss = "mse"
		}
	}
	if c.Loss != "bce" && c.Loss != "mse" {
		return c, fmt.Errorf("nets: unknown loss %q (want bce or mse)", c.Loss)
	}
	if c.Arch == "conv-keras" && (c.Height != 28 || c.Width != 28) {
		return c, fmt.Errorf("nets: conv-keras takes 28x28 images. Received: %dx%d", c.Height, c.Width)
	}
	if c.Arch == "conv" && (c.Height%4 != 0 || c.Width%4 != 0) {
		return c, fmt.Errorf("nets: conv needs an image size divisible by 4. Received: %dx%d", c.Height, c.Width)
	}
	return c, nil
}

// DefaultEpochs is the seed's number of epochs for c.Arch: 15 for conv, 50
// for the others.
func (c Config) DefaultEpochs() int {
	if c.Arch == "conv" {
		return 15
	}
	return 50
}

// DefaultBatchSize is the seed's batch size for c.Arch: 64 for conv, 128
// for conv-keras, 256 for the others.
func (c Config) DefaultBatchSize() int {
	switch c.Arch {
	case "conv":
		return 64
	case "conv-keras":
		return 128
	}
	return 256
}

func (c Config) fixedCode() int {
	switch c.Arch {
	case "deep":
		return 32
	case "conv":
		return (c.Height / 4) * (c.Width / 4)
	case "conv-keras":
		return 4 * 4 * 8
	}
	return c.Code
}

// MarshalConfig and UnmarshalConfig give the JSON a checkpoint stores.
func MarshalConfig(c Config) (string, error) {
	b, err := json.Marshal(c)
	return string(b), err
}

// UnmarshalConfig parses a Config stored by MarshalConfig.
func UnmarshalConfig(s string) (Config, error) {
	var c Config
	dec := json.NewDecoder(stringReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("nets: bad config %q: %w", s, err)
	}
	return c, nil
}

package nets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
)

// Config is the few settings of a named spec that the seed tutorials vary:
// the code size of dense and sparse, the L1 penalty, the loss, the image
// size. Checkpoints written before the model spec stored a Config; Load
// still reads them. New code states a Spec (Named, Stack, or its own).
//
// Deprecated: use a Spec: Named, Stack or your own, with its With...
// settings and ForData.
type Config struct {
	// Arch names a spec of the table (Names).
	Arch string `json:"arch"`
	// Code is the size of a dense code layer; 0 keeps the spec's.
	Code int `json:"code,omitempty"`
	// L1 is the activity penalty on the code; 0 keeps the spec's.
	L1 float64 `json:"l1,omitempty"`
	// Loss is "bce" or "mse"; empty keeps the spec's.
	Loss string `json:"loss"`
	// Height and Width are the image size; 0 means 28.
	Height int `json:"height"`
	Width  int `json:"width"`
	// Seed seeds the weights' initialisation.
	Seed uint64 `json:"seed"`
}

// Spec returns the named spec with c's settings, for one-channel images of
// c's size.
func (c Config) Spec() (Spec, error) {
	s, err := Named(c.Arch)
	if err != nil {
		return s, err
	}
	fixed := s.Encoder[len(s.Encoder)-1].Type != TypeDense
	if c.Code != 0 && !fixed {
		if s, err = s.WithCode(c.Code); err != nil {
			return s, err
		}
	}
	if c.L1 != 0 {
		s.L1 = c.L1
	}
	if c.Loss != "" {
		s.Loss = graph.Loss(c.Loss)
	}
	s.Seed = c.Seed
	s.Scale = &data.Scaler{Kind: data.ScaleUnit} // the seeds' pixels are x/255
	h, w := c.Height, c.Width
	if h == 0 {
		h = 28
	}
	if w == 0 {
		w = 28
	}
	if s, err = s.ForData([]int{1, h, w}); err != nil || c.Code == 0 || !fixed {
		return s, err
	}
	// the first checkpoints stored the fixed code size of the conv nets
	p, err := s.plan()
	if err != nil {
		return s, err
	}
	if size(p.code) != c.Code {
		return s, specErr("code", "%s has a fixed code of %d units, not %d", c.Arch, size(p.code), c.Code)
	}
	return s, nil
}

// unmarshalConfig parses a Config stored by a checkpoint of the first
// format.
func unmarshalConfig(b []byte) (Config, error) {
	var c Config
	if err := checkKeys(b, reflect.TypeOf(c), false); err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("nets: bad config %q: %w", b, err)
	}
	return c, nil
}

package nets

import (
	"fmt"
	"math"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
)

// The training objectives a Spec may name.
const (
	// ObjectiveRecon trains the autoencoder to reconstruct its input and
	// scores a sample by its reconstruction error (the default).
	ObjectiveRecon = "recon"
	// ObjectiveSVDD is Deep SVDD (Ruff et al. 2018): after pre-training
	// the autoencoder, the encoder alone learns to map the training
	// samples close to a centre c, and a sample's score is the squared
	// distance of its code to c.
	ObjectiveSVDD = "svdd"
)

// SVDD is the state of a Deep SVDD model: its centre, and for the
// soft-boundary variant ν and the radius R. The checkpoint stores it with
// the spec, so every command that loads the model scores with it.
type SVDD struct {
	// Nu, in (0, 1], makes the objective soft-boundary: R² + (1/ν)·mean
	// max(0, ‖φ(x) - c‖² - R²), ν bounding the share of training samples
	// outside the sphere. 0 is the one-class objective, the mean of
	// ‖φ(x) - c‖².
	Nu float64 `json:"nu,omitempty"`
	// Center is c, one value per unit of the code; empty before
	// training.
	Center []float32 `json:"center,omitempty"`
	// Radius is R, of the soft-boundary variant.
	Radius float64 `json:"radius,omitempty"`
}

// IsSVDD reports whether the spec's objective is Deep SVDD.
func (s Spec) IsSVDD() bool { return s.Objective == ObjectiveSVDD }

// checkObjective checks the objective and its settings against the
// planned encoder: svdd needs a dense code layer.
func (p *plan) checkObjective() error {
	s := p.spec
	switch s.Objective {
	case "", ObjectiveRecon:
		if s.SVDD != nil {
			return specErr("svdd", "set only with the objective %q", ObjectiveSVDD)
		}
		return nil
	case ObjectiveSVDD:
	default:
		return specErr("objective", "unknown objective %q (want %q or %q)", s.Objective, ObjectiveRecon, ObjectiveSVDD)
	}
	last := p.encoder[len(p.encoder)-1]
	if last.Type != TypeDense || s.VAE {
		return &SpecError{Part: "encoder", Layer: len(p.encoder) - 1, Field: "type",
			Err: fmt.Errorf("svdd needs a code from a dense layer (and no vae), this code comes from %s", last.Type)}
	}
	if s.SVDD == nil {
		return nil
	}
	if nu := s.SVDD.Nu; !(nu >= 0 && nu <= 1) {
		return specErr("svdd.nu", "must be in (0, 1], got %g", nu)
	}
	if n := len(s.SVDD.Center); n != 0 && n != last.Units {
		return specErr("svdd.center", "has %d values, the code %d", n, last.Units)
	}
	for i, v := range s.SVDD.Center {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return specErr("svdd.center", "value %d is %v", i, v)
		}
	}
	if r := s.SVDD.Radius; !(r >= 0) || math.IsInf(r, 0) {
		return specErr("svdd.radius", "must be a finite number ≥ 0, got %g", r)
	}
	return nil
}

// CheckNu checks a soft-boundary ν: in (0, 1].
func CheckNu(nu float64) error {
	if !(nu > 0 && nu <= 1) {
		return specErr("svdd.nu", "must be in (0, 1], got %g", nu)
	}
	return nil
}

// SVDDState returns the model's Deep SVDD state, nil for a model of
// another objective.
func (a *Autoencoder) SVDDState() *SVDD {
	if a.plan.spec.SVDD == nil {
		return nil
	}
	s := *a.plan.spec.SVDD
	s.Center = append([]float32(nil), s.Center...)
	return &s
}

// svddScores returns the squared distance of each sample's code to the
// centre.
func (a *Autoencoder) svddScores(x []float32) ([]float64, error) {
	st := a.plan.spec.SVDD
	if st == nil || len(st.Center) == 0 {
		return nil, fmt.Errorf("nets: the svdd model has no centre yet (train it with train.FitSVDD)")
	}
	codes, err := a.Encode(x)
	if err != nil {
		return nil, err
	}
	return SquaredDistances(codes, st.Center)
}

// SquaredDistances returns ‖z - c‖² for each row z of codes, in float64.
// A distance that is not finite is a *ScoreError naming the row.
func SquaredDistances(codes, c []float32) ([]float64, error) {
	n := len(c)
	if n == 0 || len(codes)%n != 0 {
		return nil, fmt.Errorf("nets: %d code values are not whole codes of %d", len(codes), n)
	}
	out := make([]float64, len(codes)/n)
	for i := range out {
		var s float64
		for j, v := range codes[i*n : (i+1)*n] {
			d := float64(v) - float64(c[j])
			s += d * d
		}
		if math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, &ScoreError{Row: i, Score: s}
		}
		out[i] = s
	}
	return out, nil
}

// SVDDLoss adds the Deep SVDD loss of codes z (batch, units) to the
// graph: the mean over the batch of ‖z - c‖², or with nu > 0 the
// soft-boundary R² + (1/ν)·mean max(0, ‖z - c‖² - R²), r holding R. c and
// r are nodes whose values the caller sets (a constant centre, a radius
// updated between epochs).
func SVDDLoss(z, c, r *gorgonia.Node, nu float64) (*gorgonia.Node, error) {
	diff, err := gorgonia.BroadcastSub(z, c, nil, []byte{0})
	if err != nil {
		return nil, err
	}
	sq, err := gorgonia.Square(diff)
	if err != nil {
		return nil, err
	}
	dist, err := gorgonia.Sum(sq, 1)
	if err != nil {
		return nil, err
	}
	if nu == 0 {
		return gorgonia.Mean(dist)
	}
	r2, err := gorgonia.Square(r)
	if err != nil {
		return nil, err
	}
	over, err := gorgonia.BroadcastSub(dist, r2, nil, []byte{0})
	if err != nil {
		return nil, err
	}
	if over, err = gorgonia.Rectify(over); err != nil {
		return nil, err
	}
	m, err := gorgonia.Mean(over)
	if err != nil {
		return nil, err
	}
	if m, err = gorgonia.Mul(m, gorgonia.NewConstant(float32(1/nu))); err != nil {
		return nil, err
	}
	r2s, err := gorgonia.Sum(r2)
	if err != nil {
		return nil, err
	}
	return gorgonia.Add(r2s, m)
}

// EncoderLoss adds the encoder applied to x and loss(code) to g: the
// graph of a stage that trains the encoder alone (Deep SVDD's second
// step).
func (a *Autoencoder) EncoderLoss(g *graph.Graph, x *gorgonia.Node, loss func(code *gorgonia.Node) (*gorgonia.Node, error)) (*gorgonia.Node, error) {
	enc, err := layers(g, a.plan.encoder)
	if err != nil {
		return nil, err
	}
	z, err := graph.Forward(x, enc...)
	if err != nil {
		return nil, err
	}
	return loss(z)
}

// SetSVDD sets the Deep SVDD state of a model whose objective is svdd,
// checked as a spec's: a trainer sets the centre, then the radius.
func (a *Autoencoder) SetSVDD(st SVDD) error {
	s := a.plan.spec
	if !s.IsSVDD() {
		return fmt.Errorf("nets: the model's objective is %q, not svdd", s.Objective)
	}
	st.Center = append([]float32(nil), st.Center...)
	s.SVDD = &st
	p := &plan{spec: s, encoder: a.plan.encoder}
	if err := p.checkObjective(); err != nil {
		return err
	}
	a.plan.spec.SVDD = &st
	return nil
}

// DecoderParamNames returns the names of the trainable weights outside
// the encoder (the decoder's), which an encoder-only stage freezes.
func (a *Autoencoder) DecoderParamNames() []string {
	enc := map[string]bool{}
	for _, l := range a.plan.encoder {
		k, _ := kindOf(l.Type)
		names, _ := k.paramsOf(l.Layer, nil)
		for _, n := range names {
			enc[l.name+"/"+n] = true
		}
	}
	var out []string
	for _, n := range a.params.TrainableNames() {
		if !enc[n] {
			out = append(out, n)
		}
	}
	return out
}

package train

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"gorgonia.org/gorgonia"
)

// SVDDOptions are the settings of Deep SVDD's training (FitSVDD). The
// zero value follows the reference code (lukasruff/Deep-SVDD-PyTorch) but
// for the epochs, which FitOptions.Epochs (pre-training) and Epochs set.
type SVDDOptions struct {
	// Epochs of the encoder-only stage; 0 is the spec's epochs.
	Epochs int
	// LearningRate of its Adam; 0 is 1e-4, the reference's.
	LearningRate float64
	// WeightDecay is λ of the penalty (λ/2)·Σw² on the encoder's weights,
	// PyTorch Adam's weight_decay; 0 is 1e-6, negative none.
	WeightDecay float64
	// Nu in (0, 1] trains the soft-boundary variant; 0 the one-class one.
	Nu float64
	// Eps is the centre's ε: a coordinate of c nearer 0 than ε becomes ±ε
	// by its sign (+ε for 0); 0 is 0.1, the reference's.
	Eps float64
	// WarmUp is the number of soft-boundary epochs before R is first
	// updated; 0 is 10, the reference's. R is then updated at the end of
	// every RadiusEvery-th epoch (0 is 1) to the (1-ν)-quantile of the
	// training samples' distances to c.
	WarmUp, RadiusEvery int
}

// withDefaults fills in the zero settings.
func (o SVDDOptions) withDefaults(spec nets.Spec) (SVDDOptions, error) {
	if o.Nu != 0 {
		if err := nets.CheckNu(o.Nu); err != nil {
			return o, fmt.Errorf("train: -nu: %w", err)
		}
	}
	if o.Epochs == 0 {
		o.Epochs, _ = spec.TrainingDefaults()
	}
	if o.LearningRate == 0 {
		o.LearningRate = 1e-4
	}
	if o.WeightDecay == 0 {
		o.WeightDecay = 1e-6
	}
	o.WeightDecay = max(o.WeightDecay, 0)
	if o.Eps == 0 {
		o.Eps = 0.1
	}
	if o.WarmUp == 0 {
		o.WarmUp = 10
	}
	if o.RadiusEvery <= 0 {
		o.RadiusEvery = 1
	}
	if o.Epochs <= 0 || !(o.Eps > 0) || !(o.LearningRate > 0) {
		return o, fmt.Errorf("train: svdd: epochs, eps and learning rate must be positive. Received: %d, %g, %g", o.Epochs, o.Eps, o.LearningRate)
	}
	return o, nil
}

// FitSVDD trains spec as a Deep SVDD model on d (Ruff et al. 2018), in
// three steps: it pre-trains the autoencoder as Fit does (opts: its
// epochs, scaling, output folder), sets the centre c to the mean code of
// the training samples with the ε rule (Center), then trains the encoder
// alone, the decoder frozen, on the mean squared distance of the codes to
// c (or the soft-boundary loss with so.Nu) plus weight decay. The
// returned Training's Net has objective svdd and holds c and R in its
// spec, so that its checkpoints, AnomalyScores and every command score by
// the distance to c. spec's code layer must be dense.
func FitSVDD(ctx context.Context, spec nets.Spec, d *data.Split, opts FitOptions, so SVDDOptions) (*Training, error) {
	so, err := so.withDefaults(spec)
	if err != nil {
		return nil, err
	}
	svddSpec := spec
	svddSpec.Objective, svddSpec.SVDD = nets.ObjectiveSVDD, &nets.SVDD{Nu: so.Nu}
	if err := checkSVDDSpec(svddSpec, d); err != nil {
		return nil, err
	}
	pre := spec
	pre.Objective, pre.SVDD = "", nil
	t, err := Fit(ctx, pre, d, opts)
	if err != nil {
		return nil, fmt.Errorf("train: svdd pre-training: %w", err)
	}
	if err := TrainSVDD(ctx, t, so, opts); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// TrainSVDD does Deep SVDD's second and third steps on t, an autoencoder
// Fit has pre-trained: it sets the centre and trains the encoder alone,
// then replaces t.Net with the svdd model and t.Trainer with the stage's
// trainer. opts gives the seed, log, metadata and callbacks.
func TrainSVDD(ctx context.Context, t *Training, so SVDDOptions, opts FitOptions) error {
	so, err := so.withDefaults(t.Net.Spec())
	if err != nil {
		return err
	}
	net, err := svddNet(t.Net, so.Nu)
	if err != nil {
		return err
	}
	c, err := Center(net, t.Train, so.Eps)
	if err != nil {
		return err
	}
	if err := net.SetSVDD(nets.SVDD{Nu: so.Nu, Center: c}); err != nil {
		return err
	}
	tr, err := NewSVDDTrainer(net, t.Train, so, Config{BatchSize: t.Trainer.Config().BatchSize, Seed: opts.Seed, NoShuffle: opts.NoShuffle, Log: opts.Log, Meta: opts.Meta, Callbacks: opts.Callbacks})
	if err != nil {
		return err
	}
	_, err = tr.Fit(ctx, t.Train, nil)
	net.Params().Unfreeze()
	if err != nil {
		return fmt.Errorf("train: svdd: %w", err)
	}
	t.Trainer.Close()
	t.Net.Close()
	t.Net, t.Trainer = net, tr
	return nil
}

// checkSVDDSpec checks that spec can be trained as Deep SVDD on samples
// of the given shape, before any training: its code layer is dense.
func checkSVDDSpec(spec nets.Spec, d *data.Split) error {
	if d == nil || d.Train == nil {
		return fmt.Errorf("train: svdd: no training samples")
	}
	s, err := spec.ForData(d.Train.Shape)
	if err == nil {
		err = s.Check()
	}
	if err != nil {
		return fmt.Errorf("train: svdd: %w", err)
	}
	return nil
}

// svddNet returns a copy of the pre-trained net with objective svdd.
func svddNet(pre *nets.Autoencoder, nu float64) (*nets.Autoencoder, error) {
	s := pre.Spec()
	s.Objective, s.SVDD = nets.ObjectiveSVDD, &nets.SVDD{Nu: nu}
	net, err := nets.New(s)
	if err != nil {
		return nil, fmt.Errorf("train: svdd: %w", err)
	}
	if err := net.Params().CopyFrom(pre.Params()); err != nil {
		return nil, fmt.Errorf("train: svdd: %w", err)
	}
	return net, nil
}

// Center returns Deep SVDD's centre: the mean code of the samples of set
// under net (inference mode, batch norm on its moving statistics), each
// coordinate whose magnitude is below eps set to eps with its sign (+eps
// for an exact 0), so that the centre is not a point the bias-free net
// reaches trivially.
func Center(net *nets.Autoencoder, set Dataset, eps float64) ([]float32, error) {
	if set.X == nil || set.Len() == 0 {
		return nil, fmt.Errorf("train: svdd centre: the training samples must be in memory and not empty")
	}
	codes, err := net.Encode(set.X)
	if err != nil {
		return nil, fmt.Errorf("train: svdd centre: %w", err)
	}
	units := len(codes) / set.Len()
	sum := make([]float64, units)
	for i, v := range codes {
		sum[i%units] += float64(v)
	}
	c := make([]float32, units)
	for j, s := range sum {
		c[j] = float32(CenterEps(s/float64(set.Len()), eps))
	}
	return c, nil
}

// CenterEps applies the ε rule to one coordinate of the centre.
func CenterEps(v, eps float64) float64 {
	switch {
	case math.Abs(v) >= eps:
		return v
	case v < 0:
		return -eps
	}
	return eps
}

// Quantile returns the q-quantile of xs by linear interpolation between
// order statistics (numpy's default, which the reference's radius uses).
func Quantile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}

// SVDDRadius returns the soft-boundary radius for squared distances
// dist2: the (1-ν)-quantile of the distances.
func SVDDRadius(dist2 []float64, nu float64) float64 {
	d := make([]float64, len(dist2))
	for i, v := range dist2 {
		d[i] = math.Sqrt(v)
	}
	return Quantile(d, 1-nu)
}

// svddModel is the encoder-only stage of Deep SVDD as a Model: the net's
// encoder, its loss to the centre, weight decay. The decoder's weights are
// frozen while it trains.
type svddModel struct {
	net    *nets.Autoencoder
	nu, wd float64
	radius []float32 // R, one value per built graph, updated in place
	radii  [][]float32
}

func (m *svddModel) Params() *graph.Params { return m.net.Params() }
func (m *svddModel) SampleShape() []int    { return m.net.SampleShape() }

// ModelConfig is the net's spec, with c and the current R.
func (m *svddModel) ModelConfig() (string, error) { return m.net.ModelConfig() }

// Loss is the Deep SVDD loss of the codes of x, plus the weight decay.
func (m *svddModel) Loss(g *graph.Graph, x, _ *gorgonia.Node) (*gorgonia.Node, error) {
	st := m.net.SVDDState()
	c := g.Input("svdd/center", 1, len(st.Center))
	copy(c.Value().Data().([]float32), st.Center)
	r := g.Input("svdd/radius", 1)
	r.Value().Data().([]float32)[0] = float32(st.Radius)
	m.radii = append(m.radii, r.Value().Data().([]float32))
	loss, err := m.net.EncoderLoss(g, x, func(z *gorgonia.Node) (*gorgonia.Node, error) {
		return nets.SVDDLoss(z, c, r, m.nu)
	})
	if err != nil {
		return nil, err
	}
	if m.wd == 0 {
		return loss, nil
	}
	return addWeightDecay(g, loss, m.wd)
}

// addWeightDecay adds (wd/2)·Σw² over g's trainable weights to loss.
func addWeightDecay(g *graph.Graph, loss *gorgonia.Node, wd float64) (*gorgonia.Node, error) {
	for _, w := range g.Learnables() {
		sq, err := gorgonia.Square(w)
		if err != nil {
			return nil, err
		}
		s, err := gorgonia.Sum(sq)
		if err != nil {
			return nil, err
		}
		if s, err = gorgonia.Mul(s, gorgonia.NewConstant(float32(wd/2))); err != nil {
			return nil, err
		}
		if loss, err = gorgonia.Add(loss, s); err != nil {
			return nil, err
		}
	}
	return loss, nil
}

// setRadius sets R in the net's state and in every built graph.
func (m *svddModel) setRadius(r float64) error {
	st := m.net.SVDDState()
	st.Radius = r
	if err := m.net.SetSVDD(*st); err != nil {
		return err
	}
	for _, v := range m.radii {
		v[0] = float32(r)
	}
	return nil
}

// NewSVDDTrainer returns a Trainer of the encoder-only stage of Deep SVDD
// for net, whose objective is svdd and whose centre is set: Adam at
// so.LearningRate, so.Epochs epochs, the decoder's weights frozen, and
// for the soft-boundary variant a callback that updates R. Restore a
// checkpoint it saved (into a net loaded from that checkpoint, which
// holds c and R) to resume the run exactly.
func NewSVDDTrainer(net *nets.Autoencoder, set Dataset, so SVDDOptions, cfg Config) (*Trainer, error) {
	st := net.SVDDState()
	if st == nil || len(st.Center) == 0 {
		return nil, fmt.Errorf("train: svdd: the net has no centre (objective svdd, centre set)")
	}
	so, err := so.withDefaults(net.Spec())
	if err != nil {
		return nil, err
	}
	m := &svddModel{net: net, nu: st.Nu, wd: so.WeightDecay}
	net.Params().Freeze(net.DecoderParamNames()...)
	cfg.Epochs = so.Epochs
	if cfg.Optimizer == nil {
		cfg.Optimizer = NewAdam(so.LearningRate)
	}
	cfg.Noise = nil
	if st.Nu > 0 {
		if set.X == nil {
			return nil, fmt.Errorf("train: svdd: the training samples must be in memory to update R")
		}
		cfg.Callbacks = append([]Callback{&radiusUpdate{m: m, warmUp: so.WarmUp, every: so.RadiusEvery, x: set.X}}, cfg.Callbacks...)
	}
	return New(m, cfg)
}

// radiusUpdate is the soft-boundary variant's update of R after an epoch.
type radiusUpdate struct {
	BaseCallback
	m             *svddModel
	warmUp, every int
	x             []float32 // the training samples
}

func (r *radiusUpdate) String() string { return "svdd radius" }

func (r *radiusUpdate) OnEpochEnd(_ *Trainer, epoch int, _ EpochLogs) error {
	if epoch <= r.warmUp || (epoch-r.warmUp)%r.every != 0 {
		return nil
	}
	d, err := r.m.net.AnomalyScores(r.x)
	if err != nil {
		return err
	}
	return r.m.setRadius(SVDDRadius(d, r.m.nu))
}

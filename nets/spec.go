package nets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
)

// Spec is a whole autoencoder as data: the shape of one input sample, an
// encoder and a decoder as lists of layers, the output activation, the loss
// and the regularisers. A checkpoint stores its Spec as JSON, so Load
// rebuilds any model, seed or custom, with no registration:
//
//	spec := nets.Spec{
//		Encoder: []nets.Layer{nets.Dense(64, graph.ReLU), nets.Dense(16, graph.ReLU)},
//		Decoder: []nets.Layer{nets.Dense(64, graph.ReLU), nets.Dense(0, graph.Sigmoid)},
//		Loss:    "bce",
//	}
//
// Each layer takes its input size from the layer before it, as Keras's
// layers do. In the decoder's last layer, 0 units (dense) or 0 filters
// (convolutions) mean "as many as the input has", so one spec serves data
// of any size.
type Spec struct {
	// Name is the spec's name: "dense", "conv" or a user's own.
	Name string `json:"name,omitempty"`
	// Input is one sample's shape: (D) for vectors, (C, H, W) for images.
	// Empty means "set from the data" (ForData).
	Input []int `json:"input,omitempty"`
	// Image is the (C, H, W) shape of a sample when the samples are images
	// seen by a dense net as vectors; the pictures use it. Empty otherwise.
	Image []int `json:"image,omitempty"`
	// Encoder maps an input to its code; Decoder maps a code back.
	Encoder []Layer `json:"encoder"`
	Decoder []Layer `json:"decoder"`
	// Output is the activation of the decoder's last layer. Empty means the
	// last layer's own activation if it has one, else sigmoid for bce and
	// linear for mse.
	Output ActivationName `json:"output,omitempty"`
	// Loss is "bce" (binary cross-entropy on a sigmoid output, from its
	// logits) or "mse"; empty means bce. graph.LossKinds says what each
	// is.
	Loss graph.Loss `json:"loss,omitempty"`
	// L1 is Keras's L1 activity penalty on the code (sparse autoencoders).
	L1 float64 `json:"l1,omitempty"`
	// Contractive is the weight λ of the contractive penalty
	// λ·‖∂code/∂input‖²_F (Rifai et al. 2011), for an encoder of one dense
	// layer, whose closed form it uses.
	Contractive float64 `json:"contractive,omitempty"`
	// VAE makes the net a variational autoencoder: the encoder's last
	// layer, which must be dense, gives the mean of the code, a second
	// dense layer beside it ("encoder/logvar0") its log-variance, and the
	// decoder reads z = mean + exp(logvar/2)·ε. The loss is the
	// reconstruction error summed over the input's values (as Keras
	// multiplies by original_dim) plus Beta times the KL divergence from
	// N(0, 1); Encode returns the means.
	VAE bool `json:"vae,omitempty"`
	// Beta weighs the KL term of a VAE (β-VAE); 0 means 1.
	Beta float64 `json:"beta,omitempty"`
	// Noise corrupts the inputs while training (a denoising autoencoder):
	// "gaussian:0.5", "mask:0.3", "saltpepper:0.1" (see noise.Parse).
	Noise string `json:"noise,omitempty"`
	// Scale is the scaling fitted on the training data (x/255, min-max,
	// standard); the commands and the Raw methods apply it to raw samples
	// and invert it on reconstructions. Nil means none.
	Scale *data.Scaler `json:"scale,omitempty"`
	// Seed seeds the weights' initialisation.
	Seed uint64 `json:"seed,omitempty"`
	// Epochs and Batch are the training settings the model was designed
	// with; commands use them when no flag says otherwise. 0 means 50 and
	// 256.
	Epochs int `json:"epochs,omitempty"`
	Batch  int `json:"batch,omitempty"`
	// Objective is what the net trains for and how it scores: "recon"
	// (empty: the reconstruction error) or "svdd" (Deep SVDD, see SVDD).
	Objective string `json:"objective,omitempty"`
	// SVDD is a Deep SVDD model's centre and radius, nil before training.
	SVDD *SVDD `json:"svdd,omitempty"`
	// LearningRate, if not 0, is the learning rate the model was designed
	// with, in place of the optimizer's default.
	LearningRate float64 `json:"lr,omitempty"`
}

// Losses are the losses a Spec can name.
var Losses = graph.LossNames()

// Default training settings of a Spec that states none.
const (
	DefaultEpochs = 50
	DefaultBatch  = 256
)

// TrainingDefaults returns the spec's epochs and batch size, or the
// defaults.
func (s Spec) TrainingDefaults() (epochs, batch int) {
	epochs, batch = s.Epochs, s.Batch
	if epochs <= 0 {
		epochs = DefaultEpochs
	}
	if batch <= 0 {
		batch = DefaultBatch
	}
	return epochs, batch
}

// KLWeight returns the weight of a VAE's KL term, Beta or 1.
func (s Spec) KLWeight() float64 {
	if s.Beta == 0 {
		return 1
	}
	return s.Beta
}

// LossName returns the spec's loss, bce when unset.
func (s Spec) LossName() string {
	if k, err := s.Loss.Kind(); err == nil {
		return string(k.Name)
	}
	return string(s.Loss)
}

// OutputActivation returns the activation of the decoder's last layer after
// the defaults: the loss's output activation where neither the spec nor
// the layer names one.
func (s Spec) OutputActivation() ActivationName {
	switch {
	case s.Output != "":
		return s.Output
	case len(s.Decoder) > 0 && s.Decoder[len(s.Decoder)-1].Activation != "":
		return s.Decoder[len(s.Decoder)-1].Activation
	}
	k, err := s.Loss.Kind()
	if err != nil {
		k, _ = graph.BCE.Kind() // an unknown loss, which Check refuses
	}
	return ActivationName(k.Output.String())
}

// ForData returns s with its input set from the shape of the data's
// samples, (D) or (C, H, W): a net that starts with a dense layer sees
// images as vectors of C·H·W values (and remembers their shape in Image);
// a convolutional one takes them as they are. An Input already set must
// agree with the data.
func (s Spec) ForData(shape []int) (Spec, error) {
	if len(shape) == 0 || slices.ContainsFunc(shape, func(d int) bool { return d <= 0 }) {
		return s, fmt.Errorf("nets: data sample shape %v is not a shape", shape)
	}
	want := slices.Clone(shape)
	var image []int
	if len(s.Encoder) > 0 && s.Encoder[0].flat() && len(shape) > 1 {
		image, want = want, []int{size(want)}
	}
	if len(s.Input) > 0 && !slices.Equal(s.Input, want) {
		spec := s.Input
		if len(s.Image) > 0 {
			spec = s.Image
		}
		return s, &ShapeError{Spec: spec, Data: slices.Clone(shape)}
	}
	s.Input = want
	if image != nil {
		s.Image = image
	}
	return s, nil
}

// ShapeError says that data of one shape was given to a net of another.
type ShapeError struct {
	Spec, Data []int
}

func (e *ShapeError) Error() string {
	return fmt.Sprintf("nets: the net takes samples of shape %s, the data has %s", dimsText(e.Spec), dimsText(e.Data))
}

// dimsText writes a shape as 784 or 1x28x28.
func dimsText(s []int) string {
	t := ""
	for i, d := range s {
		if i > 0 {
			t += "x"
		}
		t += fmt.Sprint(d)
	}
	return t
}

// SpecError is a spec that cannot be built: Layer is the index of the layer
// at fault in its Part ("encoder" or "decoder"), or -1 for a field of the
// spec itself.
type SpecError struct {
	Part  string
	Layer int
	Field string
	Err   error
}

func (e *SpecError) Error() string {
	if e.Layer < 0 {
		return fmt.Sprintf("nets: spec: %s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("nets: spec: %s layer %d, %s: %v", e.Part, e.Layer, e.Field, e.Err)
}

func (e *SpecError) Unwrap() error { return e.Err }

func specErr(field, format string, args ...any) *SpecError {
	return &SpecError{Layer: -1, Field: field, Err: fmt.Errorf(format, args...)}
}

// MarshalSpec returns the JSON a checkpoint stores.
func MarshalSpec(s Spec) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// ParseSpec parses a spec from JSON, strictly: a key that is not the
// name of a field, exactly (case included), or that is given twice, is a
// *SpecError naming the layer and the key, and so is an explicit 0 or ""
// where leaving the key out gives a default ("epochs", "batch", "lr",
// "beta", "loss", "output"; a layer's "stride", "padding", "size").
// SpecOf reads a checkpoint's spec as strictly, but takes such zeros.
func ParseSpec(b []byte) (Spec, error) {
	return parseSpec(b, true)
}

// parseSpec is ParseSpec; zeros refuses the zeros that mean a default.
func parseSpec(b []byte, zeros bool) (Spec, error) {
	var s Spec
	if err := checkKeys(b, reflect.TypeOf(s), zeros); err != nil {
		return s, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("nets: spec: %w", jsonPosition(b, err))
	}
	if dec.More() {
		return s, fmt.Errorf("nets: spec: data after the JSON object")
	}
	return s, nil
}

// ReadSpecFile reads a JSON spec from a file.
func ReadSpecFile(path string) (Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Spec{}, err
	}
	s, err := ParseSpec(b)
	if err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	if s.Name == "" {
		s.Name = path
	}
	return s, nil
}

// jsonPosition adds the line and column of a syntax or type error.
func jsonPosition(b []byte, err error) error {
	var off int64
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	default:
		return err
	}
	line := 1 + bytes.Count(b[:min(int(off), len(b))], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(b[:min(int(off), len(b))], '\n') - 1
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}

func size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

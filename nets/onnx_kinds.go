package nets

import (
	"fmt"
	"slices"

	"github.com/go-autoencoders/ae/graph"
)

// onnxMap is how one layer kind goes to ONNX and comes back: the onnx
// field of its entry in the table of kinds.
type onnxMap struct {
	// write adds the nodes of the planned layer p, which reads the tensor
	// x, and returns the name of its output.
	write func(b *onnxBuilder, p planned, x string) (string, error)
	// ops are the ONNX op types that read back as the kind, and read
	// makes the layer and its weights of the node the chain stands on (a
	// sample of shape in reaches it), consuming what follows it that is
	// part of the layer (a bias Add, a crop); nil for a kind whose ONNX
	// form is read only in a graph that says its spec.
	ops  []string
	read func(c *onnxChain, in []int) (Layer, onnxWeights, error)
	// activated says that the kind's layer applies its activation, which
	// the reader then takes from the node after it.
	activated bool
}

// onnxWeights are a read layer's parameters by their short name ("w").
type onnxWeights map[string]onnxTensor

// onnxActivations maps each built-in activation to its ONNX op and
// attributes; linear is none. Two activations may share an op, told apart
// by alpha (the leaky relus).
var onnxActivations = []struct {
	act   graph.Activation
	op    string
	alpha float32 // LeakyRelu's slope, Elu's alpha; 0 for none
}{
	{graph.ReLU, "Relu", 0},
	{graph.Sigmoid, "Sigmoid", 0},
	{graph.Tanh, "Tanh", 0},
	{graph.LeakyReLU, "LeakyRelu", 0.2},
	{graph.LeakyReLU01, "LeakyRelu", 0.01},
	{graph.ELU, "Elu", 1},
	{graph.Softplus, "Softplus", 0},
}

// onnxDefaultAlpha is the alpha of an op whose node leaves it out, as
// the ONNX operators' specification sets it.
var onnxDefaultAlpha = map[string]float32{"LeakyRelu": 0.01, "Elu": 1}

// activate adds the activation act after x, named name+"/act", and
// returns its output; linear adds nothing.
func (b *onnxBuilder) activate(name string, act ActivationName, x string) (string, error) {
	a, err := act.activation()
	if err != nil || a == graph.Linear {
		return x, err
	}
	for _, m := range onnxActivations {
		if m.act == a {
			if m.alpha != 0 {
				return b.node(m.op, name+"/act", []string{x}, attrFloat("alpha", m.alpha)), nil
			}
			return b.node(m.op, name+"/act", []string{x}), nil
		}
	}
	return "", fmt.Errorf("nets: onnx: %s: activation %s has no ONNX op", name, act)
}

// The write functions of the table of kinds.

func writeDense(b *onnxBuilder, p planned, x string) (string, error) {
	w, err := b.param(p.name + "/w")
	if err != nil {
		return "", err
	}
	in := []string{x, w}
	if bias, err := b.param(p.name + "/b"); err == nil {
		in = append(in, bias)
	}
	return b.activate(p.name, p.Activation, b.node("Gemm", p.name, in))
}

// convIn returns the inputs of a Conv or ConvTranspose node: x, the
// kernel and the bias when the layer has one.
func convIn(b *onnxBuilder, p planned, x string) ([]string, error) {
	w, err := b.param(p.name + "/w")
	if err != nil {
		return nil, err
	}
	in := []string{x, w}
	if bias, err := b.param(p.name + "/b"); err == nil {
		in = append(in, bias)
	}
	return in, nil
}

func writeConv(b *onnxBuilder, p planned, x string) (string, error) {
	in, err := convIn(b, p, x)
	if err != nil {
		return "", err
	}
	_, pad, err := p.settings()
	if err != nil {
		return "", err
	}
	s, sides := p.stride(), p.in[1:]
	pads := windowPads(pad, sides, p.Kernel, s)
	y := b.node("Conv", p.name, in, attrInts("kernel_shape", each(sides, p.Kernel)...),
		attrInts("strides", each(sides, s)...), attrInts("pads", pads...))
	return b.activate(p.name, p.Activation, y)
}

// each returns v once for each of sides: an attribute's value for each
// spatial axis (rows and columns of images, the steps of sequences).
func each(sides []int, v int) []int {
	out := make([]int, len(sides))
	for i := range out {
		out[i] = v
	}
	return out
}

// windowPads returns ONNX's pads (begins, then ends) of a window of size k
// moving by stride over a sample's sides, as graph.Padding places them.
func windowPads(pad graph.Padding, sides []int, k, stride int) []int {
	pads := make([]int, 2*len(sides))
	for i, n := range sides {
		if pad != graph.Same {
			continue
		}
		out := (n + stride - 1) / stride
		total := max((out-1)*stride+k-n, 0)
		pads[i], pads[len(sides)+i] = total/2, total-total/2
	}
	return pads
}

func writeConvTranspose(b *onnxBuilder, p planned, x string) (string, error) {
	in, err := convIn(b, p, x)
	if err != nil {
		return "", err
	}
	_, pad, err := p.settings()
	if err != nil {
		return "", err
	}
	s, k := p.stride(), p.Kernel
	// the full transposed convolution has (n-1)·s + k rows; 'same' crops
	// it to n·s as the adjoint of the 'same' strided convolution pads,
	// and both paddings add s-k zero rows at the end where k < s
	sides := p.out[1:]
	pads := windowPads(pad, sides, k, s) // zeros for 'valid'
	y := b.node("ConvTranspose", p.name, in, attrInts("kernel_shape", each(sides, k)...), attrInts("strides", each(sides, s)...),
		attrInts("pads", pads...), attrInts("output_padding", each(sides, max(s-k, 0))...))
	return b.activate(p.name, p.Activation, y)
}

func writePool(b *onnxBuilder, p planned, x string) (string, error) {
	_, pad, err := p.settings()
	if err != nil {
		return "", err
	}
	k, sides := p.window(), p.in[1:]
	return b.node("MaxPool", p.name, []string{x}, attrInts("kernel_shape", each(sides, k)...), attrInts("strides", each(sides, k)...),
		attrInts("pads", windowPads(pad, sides, k, k)...)), nil
}

func writeUpsample(b *onnxBuilder, p planned, x string) (string, error) {
	scale := []float32{1, 1}
	for range p.in[1:] {
		scale = append(scale, float32(p.window()))
	}
	scales := b.floats(p.name+"/scales", []int{len(scale)}, scale)
	return b.node("Resize", p.name, []string{x, "", scales}, attrString("mode", "nearest"),
		attrString("coordinate_transformation_mode", "asymmetric"), attrString("nearest_mode", "floor")), nil
}

func writeFlatten(b *onnxBuilder, p planned, x string) (string, error) {
	return b.node("Flatten", p.name, []string{x}, attrInt("axis", 1)), nil
}

func writeReshape(b *onnxBuilder, p planned, x string) (string, error) {
	shape := b.ints(p.name+"/shape", append([]int{-1}, p.out...))
	return b.node("Reshape", p.name, []string{x, shape}), nil
}

// writeDropout writes nothing: dropout is the identity at inference.
func writeDropout(_ *onnxBuilder, _ planned, x string) (string, error) { return x, nil }

// writeBatchNorm writes BatchNormalization with the moving statistics,
// then the activation. A batch norm without affine map has constant
// ones and zeros for its scale and B inputs, named .../ones and
// .../zeros, which are no weights of the net.
func writeBatchNorm(b *onnxBuilder, p planned, x string) (string, error) {
	in := []string{x}
	if !p.affine() {
		ch := []int{p.in[0]}
		ones := make([]float32, ch[0])
		for i := range ones {
			ones[i] = 1
		}
		in = append(in, b.floats(p.name+"/ones", ch, ones), b.floats(p.name+"/zeros", ch, make([]float32, ch[0])))
	}
	for _, n := range []string{"gamma", "beta", "moving_mean", "moving_var"} { // ONNX's order
		if slices.Contains(noAffine(p.Layer), n) {
			continue
		}
		t, err := b.param(p.name + "/" + n)
		if err != nil {
			return "", err
		}
		in = append(in, t)
	}
	y := b.node("BatchNormalization", p.name, in, attrFloat("epsilon", float32(p.epsilon())))
	return b.activate(p.name, p.Activation, y)
}

// writeConcrete writes the selector at inference, a Gather of the chosen
// features; its logits and temperature go along as initializers no node
// reads, so that an import gets them back.
func writeConcrete(b *onnxBuilder, p planned, x string) (string, error) {
	logits, err := b.param(p.name + "/logits")
	if err != nil {
		return "", err
	}
	if _, err := b.param(p.name + "/temperature"); err != nil {
		return "", err
	}
	_, l, _ := b.weight(logits)
	idx := b.ints(p.name+"/selected", graph.Selected(l, p.Units, p.in[0]))
	return b.node("Gather", p.name, []string{x, idx}, attrInt("axis", 1)), nil
}

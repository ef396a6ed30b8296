package nets

import (
	"slices"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// LayerKind names a kind of layer, as a spec's JSON writes it ("dense",
// "maxpool2d"); kinds says what each is.
type LayerKind string

// The layer kinds.
const (
	TypeDense           LayerKind = "dense"
	TypeConv2D          LayerKind = "conv2d"
	TypeConv2DTranspose LayerKind = "conv2d_transpose"
	TypeMaxPool2D       LayerKind = "maxpool2d"
	TypeUpSample2D      LayerKind = "upsample2d"
	TypeFlatten         LayerKind = "flatten"
	TypeReshape         LayerKind = "reshape"
	TypeDropout         LayerKind = "dropout"
	TypeBatchNorm       LayerKind = "batchnorm"
	TypeConcrete        LayerKind = "concrete"
)

// kind is everything the package knows of one kind of layer.
type kind struct {
	name LayerKind
	// aliases are other names a spec may give the kind: Keras's class
	// name.
	aliases []string
	// keras names the kind in the summary, as Keras's does; the graph
	// layer's Kind says the same.
	keras string
	// prefix starts the names of the kind's layers ("encoder/conv0") and
	// params ends those of their parameters ("encoder/conv0/w"), in the
	// order the graph layer creates them.
	prefix string
	params []string
	// without, for a kind whose parameters a layer may leave out (a
	// bias-free dense layer), returns the names of params the layer l
	// does not have; paramsOf reads it.
	without func(l Layer) []string
	// axes is the number of axes the kind takes (1: vectors, 3: images);
	// 0 lets out decide.
	axes int
	// out returns the output shape for an input of shape in, which has
	// axes axes, and the shapes of the parameters, checking the settings
	// the kind uses.
	out func(l Layer, in []int) (out []int, params [][]int, err error)
	// build adds the planned layer's graph layer and parameters to g.
	build func(g *graph.Graph, p planned) (graph.Layer, error)
	// width, for a kind that may be the decoder's output layer, is the
	// setting of its output's units or channels, which a 0 there fills in
	// with the input's.
	width func(l *Layer) *int
	// fromInput, if not nil, fills in the settings that a 0 lets default
	// to the net's input shape: a repeat_vector's steps.
	fromInput func(l *Layer, input []int)
	// filters, for a kind whose weights the Filters picture can show,
	// returns them as n tiles of h×w from its weights w of shape ws;
	// image is the shape of a sample as an image, or nil.
	filters func(ws []int, w []float32, image []int) (tiles []float32, n, h, wd int)
	// onnx says how the kind goes to ONNX and comes back (onnx_kinds.go).
	onnx *onnxMap
}

// kinds is the table of layer kinds: Layer.outShape, the build, the
// summary, the Filters picture, the parameters' names and a spec's JSON
// all read it, and nothing else in the package tells one kind from
// another by a switch. Adding a layer kind is one entry here plus its op
// in package graph (the graph.Layer its build returns); TestKinds then
// builds it and checks its shapes and parameter names.
var kinds = []kind{
	{name: TypeDense, aliases: []string{"Dense"}, keras: "Dense", prefix: "dense", params: []string{"w", "b"}, without: noBias,
		axes: 1, out: denseOut, build: buildDense, width: units, filters: denseFilters,
		onnx: &onnxMap{write: writeDense, ops: []string{"Gemm", "MatMul"}, read: readDense, activated: true}},
	{name: TypeConv2D, aliases: []string{"Conv2D"}, keras: "Conv2D", prefix: "conv", params: []string{"w", "b"}, without: noBias,
		axes: 3, out: convOut, build: buildConv, width: channels, filters: convFilters,
		onnx: &onnxMap{write: writeConv, ops: []string{"Conv"}, read: readConv, activated: true}},
	{name: TypeConv2DTranspose, aliases: []string{"Conv2DTranspose"}, keras: "Conv2DTranspose", prefix: "convt", params: []string{"w", "b"},
		axes: 3, out: convTransposeOut, build: buildConvTranspose, width: channels,
		onnx: &onnxMap{write: writeConvTranspose, ops: []string{"ConvTranspose"}, read: readConvTranspose, activated: true}},
	{name: TypeMaxPool2D, aliases: []string{"MaxPooling2D"}, keras: "MaxPooling2D", prefix: "pool",
		axes: 3, out: poolOut, build: buildPool,
		onnx: &onnxMap{write: writePool, ops: []string{"MaxPool"}, read: readPool}},
	{name: TypeUpSample2D, aliases: []string{"UpSampling2D"}, keras: "UpSampling2D", prefix: "up",
		axes: 3, out: upsampleOut, build: buildUpsample,
		onnx: &onnxMap{write: writeUpsample, ops: []string{"Resize"}, read: readUpsample}},
	{name: TypeFlatten, aliases: []string{"Flatten"}, keras: "Flatten", prefix: "flatten",
		out: flattenOut, build: buildFlatten,
		onnx: &onnxMap{write: writeFlatten, ops: []string{"Flatten"}, read: readFlatten}},
	{name: TypeReshape, aliases: []string{"Reshape"}, keras: "Reshape", prefix: "reshape",
		out: reshapeOut, build: buildReshape,
		onnx: &onnxMap{write: writeReshape, ops: []string{"Reshape"}, read: readReshape}},
	{name: TypeDropout, aliases: []string{"Dropout"}, keras: "Dropout", prefix: "dropout",
		out: dropoutOut, build: buildDropout,
		onnx: &onnxMap{write: writeDropout, ops: []string{"Dropout"}, read: readDropout}},
	{name: TypeBatchNorm, aliases: []string{"BatchNormalization"}, keras: "BatchNormalization", prefix: "bn",
		params: []string{"gamma", "beta", "moving_mean", "moving_var"}, without: noAffine, out: batchNormOut, build: buildBatchNorm,
		onnx: &onnxMap{write: writeBatchNorm, ops: []string{"BatchNormalization"}, read: readBatchNorm, activated: true}},
	{name: TypeConcrete, aliases: []string{"ConcreteSelect"}, keras: "ConcreteSelect", prefix: "concrete",
		params: []string{"logits", "temperature"}, axes: 1, out: concreteOut, build: buildConcrete,
		onnx: &onnxMap{write: writeConcrete, ops: []string{"Gather"}, read: readConcrete}},
	// Sequences, (channels, steps): kinds_seq.go and kinds_rnn.go.
	{name: TypeConv1D, aliases: []string{"Conv1D"}, keras: "Conv1D", prefix: "conv1d", params: []string{"w", "b"},
		axes: 2, out: conv1DOut, build: buildConv1D, width: channels,
		onnx: &onnxMap{write: writeConv}},
	{name: TypeConv1DTranspose, aliases: []string{"Conv1DTranspose"}, keras: "Conv1DTranspose", prefix: "convt1d", params: []string{"w", "b"},
		axes: 2, out: conv1DTransposeOut, build: buildConv1DTranspose, width: channels,
		onnx: &onnxMap{write: writeConvTranspose}},
	{name: TypeMaxPool1D, aliases: []string{"MaxPooling1D"}, keras: "MaxPooling1D", prefix: "pool1d",
		axes: 2, out: pool1DOut, build: buildPool1D,
		onnx: &onnxMap{write: writePool}},
	{name: TypeUpSample1D, aliases: []string{"UpSampling1D"}, keras: "UpSampling1D", prefix: "up1d",
		axes: 2, out: upsample1DOut, build: buildUpsample1D,
		onnx: &onnxMap{write: writeUpsample}},
	{name: TypeRepeatVector, aliases: []string{"RepeatVector"}, keras: "RepeatVector", prefix: "repeat",
		axes: 1, out: repeatVectorOut, build: buildRepeatVector, fromInput: inputSteps,
		onnx: &onnxMap{write: writeRepeatVector}},
	{name: TypeTimeDense, aliases: []string{"TimeDistributed"}, keras: "TimeDistributed(Dense)", prefix: "tdense", params: []string{"w", "b"},
		axes: 2, out: timeDenseOut, build: buildTimeDense, width: units,
		onnx: &onnxMap{write: writeTimeDense}},
	{name: TypeLSTM, aliases: []string{"LSTM"}, keras: "LSTM", prefix: "lstm", params: []string{"w", "u", "b"},
		axes: 2, out: rnnOut(4), build: buildLSTM,
		onnx: &onnxMap{write: writeLSTM}},
	{name: TypeGRU, aliases: []string{"GRU"}, keras: "GRU", prefix: "gru", params: []string{"w", "u", "b", "bu"},
		axes: 2, out: rnnOut(3), build: buildGRU,
		onnx: &onnxMap{write: writeGRU}},
}

// LayerTypes lists the layer kinds a Spec may use.
var LayerTypes = kindNames(func(kind) bool { return true })

// kindNames returns the names of the kinds that keep says.
func kindNames(keep func(kind) bool) []string {
	var names []string
	for _, k := range kinds {
		if keep(k) {
			names = append(names, string(k.name))
		}
	}
	return names
}

// orList writes names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// kindOf returns the table's entry of t, found by its name or an alias.
func kindOf(t LayerKind) (kind, bool) {
	i := slices.IndexFunc(kinds, func(k kind) bool { return k.name == t || slices.Contains(k.aliases, string(t)) })
	if i < 0 {
		return kind{}, false
	}
	return kinds[i], true
}

// UnmarshalText sets t to the kind named by text, an alias read as the
// kind's name. An unknown name is kept, for Check to refuse with its
// layer.
func (t *LayerKind) UnmarshalText(text []byte) error {
	*t = LayerKind(text)
	if k, ok := kindOf(*t); ok {
		*t = k.name
	}
	return nil
}

func units(l *Layer) *int    { return &l.Units }
func channels(l *Layer) *int { return &l.Filters }

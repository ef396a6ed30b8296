package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
	pb "github.com/go-autoencoders/ae/nets/internal/onnxpb"
)

// onnxExcess maps each loss to the ONNX nodes of its Excess (the anomaly
// score of each value, graph.LossKind), from the scaled sample y and its
// reconstruction r, both (batch, values).
var onnxExcess = map[graph.Loss]func(b *onnxBuilder, y, r string) string{
	graph.MSE: func(b *onnxBuilder, y, r string) string {
		d := b.node("Sub", "score/diff", []string{r, y})
		return b.node("Mul", "score/squared", []string{d, d})
	},
	graph.BCE: onnxBCEExcess,
}

// onnxBCEExcess is bceExcess of package graph: with c = clip(y, 0, 1),
// p = clip(r) and q = clip(c) (probabilities clipped to [1e-7, 1-1e-7]),
// max(c·log(q/p) + (1-c)·log((1-q)/(1-p)), 0) + (y-c)².
func onnxBCEExcess(b *onnxBuilder, y, r string) string {
	zero, one := b.scalar("score/0", 0), b.scalar("score/1", 1)
	lo, hi := b.scalar("score/eps", 1e-7), b.scalar("score/1-eps", 1-1e-7)
	c := b.node("Clip", "score/c", []string{y, zero, one})
	p := b.node("Clip", "score/p", []string{r, lo, hi})
	q := b.node("Clip", "score/q", []string{c, lo, hi})
	logRatio := func(name, num, den string) string {
		return b.node("Log", name+"/log", []string{b.node("Div", name, []string{num, den})})
	}
	pos := b.node("Mul", "score/pos", []string{c, logRatio("score/q_p", q, p)})
	oneMinus := func(t string) string { return b.node("Sub", t+"/1-", []string{one, t}) }
	neg := b.node("Mul", "score/neg", []string{oneMinus(c), logRatio("score/1-q_1-p", oneMinus(q), oneMinus(p))})
	kl := b.node("Max", "score/kl", []string{b.node("Add", "score/sum", []string{pos, neg}), zero})
	d := b.node("Sub", "score/out", []string{y, c})
	return b.node("Add", "score/value", []string{kl, b.node("Mul", "score/out2", []string{d, d})})
}

// onnxScore adds the anomaly score of raw samples x: the mean of the
// loss's Excess over each sample's scaled values.
func (p *plan) onnxScore(b *onnxBuilder, x string) (string, error) {
	if p.spec.IsSVDD() {
		return p.onnxSVDDScore(b, x)
	}
	k, err := p.spec.Loss.Kind()
	if err != nil {
		return "", err
	}
	excess, ok := onnxExcess[k.Name]
	if !ok {
		return "", fmt.Errorf("nets: onnx: loss %s has no ONNX score", k.Name)
	}
	y, err := p.onnxScale(b, x)
	if err != nil {
		return "", err
	}
	code, err := onnxStack(b, p.encoder, p.onnxSamples(b, y))
	if err != nil {
		return "", err
	}
	r, err := p.onnxDecodeScaled(b, code)
	if err != nil {
		return "", err
	}
	v := excess(b, y, r)
	return b.node("ReduceMean", "score", []string{v}, attrInts("axes", 1), attrInt("keepdims", 0)), nil
}

// onnxSVDDScore adds a Deep SVDD model's score of raw samples x, as
// svddScores computes it: the squared distance of each code to the
// centre c, in float64, rounded to float32.
func (p *plan) onnxSVDDScore(b *onnxBuilder, x string) (string, error) {
	st := p.spec.SVDD
	if st == nil || len(st.Center) == 0 {
		return "", fmt.Errorf("nets: onnx: the svdd model has no centre yet, so no score graph")
	}
	code, err := p.onnxCode(b, x)
	if err != nil {
		return "", err
	}
	c := make([]float64, len(st.Center))
	for i, v := range st.Center {
		c[i] = float64(v)
	}
	z := b.cast("score/double", code, pb.TensorProto_DOUBLE)
	d := b.node("Sub", "score/diff", []string{z, b.doubles("score/center", []int{len(c)}, c)})
	sq := b.node("Mul", "score/squared", []string{d, d})
	dist := b.node("ReduceSum", "score/distance", []string{sq, b.ints("score/axes", []int{1})}, attrInt("keepdims", 0))
	return b.cast("score", dist, pb.TensorProto_FLOAT), nil
}

package main

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets"
)

// explainName is the file -explain writes.
const explainName = "explain.csv"

// explainer collects the rows of explain.csv: for each scored row above
// the threshold, each feature's share of its score, the terms of
// nets.FeatureScores over their sum (shares of a row add up to 1).
type explainer struct {
	thr  float64
	loss string
	held cli.Scored
	b    bytes.Buffer
}

// newExplainer returns the explainer of -explain, nil without it. An svdd
// model, whose score is a distance in code space, has no per-feature
// shares.
func newExplainer(o *options, a *nets.Autoencoder, held cli.Scored, thr float64) (*explainer, error) {
	if !o.explain {
		return nil, nil
	}
	if a.Spec().IsSVDD() {
		return nil, cli.Usagef("explain", "the model scores by its code's distance to the svdd centre, of which no input feature holds a share")
	}
	e := &explainer{thr: thr, loss: a.Spec().LossName(), held: held}
	e.b.WriteString("index,part,score")
	for j := range held.Set.Size() {
		fmt.Fprintf(&e.b, ",f%d", j)
	}
	e.b.WriteByte('\n')
	return e, nil
}

// add adds sample i of the scored set, of score s, input x and
// reconstruction r, if it is above the threshold.
func (e *explainer) add(i int, s float64, x, r []float32) error {
	if e == nil || !(s > e.thr) {
		return nil
	}
	terms, err := nets.FeatureScores(x, r, e.loss)
	if err != nil {
		return err
	}
	var sum float64
	for _, v := range terms {
		sum += v
	}
	part, row := e.held.Row(i)
	fmt.Fprintf(&e.b, "%d,%s,%s", row, part, strconv.FormatFloat(s, 'g', -1, 64))
	for _, v := range terms {
		share := 0.0
		if sum > 0 {
			share = v / sum
		}
		fmt.Fprintf(&e.b, ",%s", strconv.FormatFloat(share, 'g', 6, 64))
	}
	e.b.WriteByte('\n')
	return nil
}

// write writes explain.csv into out.
func (e *explainer) write(out *cli.Outputs) error {
	if e == nil {
		return nil
	}
	return safetensors.WriteFileAtomic(out.Path(explainName), e.b.Bytes(), 0o644)
}

// scoreKind names what the model's scores are: its loss ("mse", "bce"),
// or "svdd" for the squared distance to a Deep SVDD centre.
func scoreKind(a *nets.Autoencoder) string {
	if a.Spec().IsSVDD() {
		return nets.ObjectiveSVDD
	}
	return a.Spec().LossName()
}

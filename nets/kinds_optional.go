package nets

import (
	"slices"

	"github.com/go-autoencoders/ae/graph"
)

// paramsOf returns the names of the parameters layer l of kind k has, and
// keeps, of shapes (one per name of k.params), those of the parameters it
// has: the one place that reads a kind's params with its layer's
// settings (a bias-free layer has no "b").
func (k kind) paramsOf(l Layer, shapes [][]int) (names []string, kept [][]int) {
	var drop []string
	if k.without != nil {
		drop = k.without(l)
	}
	for i, n := range k.params {
		if slices.Contains(drop, n) {
			continue
		}
		names = append(names, n)
		if i < len(shapes) {
			kept = append(kept, shapes[i])
		}
	}
	return names, kept
}

// noBias is the without of dense and convolutional kinds.
func noBias(l Layer) []string {
	if l.hasBias() {
		return nil
	}
	return []string{"b"}
}

// noAffine is the without of batch norm.
func noAffine(l Layer) []string {
	if l.affine() {
		return nil
	}
	return []string{"gamma", "beta"}
}

// hasBias reports whether a dense or convolutional layer has a bias.
func (l Layer) hasBias() bool { return l.Bias == nil || *l.Bias }

// affine reports whether a batch norm has gamma and beta.
func (l Layer) affine() bool { return l.Affine == nil || *l.Affine }

// epsilon returns a batch norm's epsilon: its own, or the graph's
// default where the spec says none.
func (l Layer) epsilon() float64 {
	if l.Epsilon != 0 {
		return l.Epsilon
	}
	return graph.BatchNormEpsilon
}

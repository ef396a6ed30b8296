package train

import "math"

// means accumulates a loss and its terms over batches, weighted by the
// batch sizes.
type means struct {
	n     int
	loss  float64
	terms []float64
}

func newMeans(terms int) *means { return &means{terms: make([]float64, terms)} }

func (m *means) add(rows int, loss float64, terms []float64) {
	m.n += rows
	m.loss += loss * float64(rows)
	for i, v := range terms {
		m.terms[i] += v * float64(rows)
	}
}

func (m *means) mean() float64 { return m.loss / float64(m.n) }

func (m *means) term(i int) float64 { return m.terms[i] / float64(m.n) }

// termLogs returns the terms' means so far, with their validation means
// when val is not nil (NaN otherwise).
func (t *Trainer) termLogs(train, val *means) []Term {
	if len(t.terms) == 0 {
		return nil
	}
	out := make([]Term, len(t.terms))
	for i, name := range t.terms {
		out[i] = Term{Name: name, Value: train.term(i), Val: math.NaN()}
		if val != nil {
			out[i].Val = val.term(i)
		}
	}
	return out
}

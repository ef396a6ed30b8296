package nets

import (
	"github.com/go-autoencoders/ae/graph"
)

// LSTM is a long short-term memory layer of units units over a sequence
// (channels, steps): it gives its last step's output, (units), or with
// sequences every step's, (units, steps) (Keras's return_sequences).
func LSTM(units int, sequences bool) Layer {
	return Layer{Type: TypeLSTM, Units: units, Sequences: sequences}
}

// GRU is a gated recurrent unit layer (PyTorch's, Keras's with
// reset_after) of units units over a sequence, with LSTM's outputs.
func GRU(units int, sequences bool) Layer {
	return Layer{Type: TypeGRU, Units: units, Sequences: sequences}
}

// rnnOut is the out function of a recurrent kind whose weights hold gates
// gates.
func rnnOut(gates int) func(l Layer, in []int) ([]int, [][]int, error) {
	return func(l Layer, in []int) ([]int, [][]int, error) {
		if err := positive("units", l.Units); err != nil {
			return nil, nil, err
		}
		if l.Activation != "" {
			return nil, nil, bad("activation", "%s has its own (sigmoid gates, tanh), as PyTorch's; got %q", l.Type, l.Activation)
		}
		params := [][]int{{gates * l.Units, in[0]}, {gates * l.Units, l.Units}, {gates * l.Units}}
		if gates == 3 { // GRU's second bias, of the recurrent products
			params = append(params, []int{gates * l.Units})
		}
		if l.Sequences {
			return []int{l.Units, in[1]}, params, nil
		}
		return []int{l.Units}, params, nil
	}
}

func buildLSTM(g *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewLSTM(g, p.name, p.in[0], p.Units, p.Sequences)
}

func buildGRU(g *graph.Graph, p planned) (graph.Layer, error) {
	return graph.NewGRU(g, p.name, p.in[0], p.Units, p.Sequences)
}

package nets

import (
	"strings"
	"testing"
)

// TestSequenceSpecJSON: a spec of sequence layers reads from JSON (Keras's
// class names too), plans for windows of 20 steps, and its summary shows
// (channels, steps) shapes; an LSTM's activation is refused by name.
func TestSequenceSpecJSON(t *testing.T) {
	s, err := ParseSpec([]byte(`{"encoder": [{"type": "Conv1D", "filters": 4, "kernel": 3, "activation": "relu"},
		{"type": "gru", "units": 6, "return_sequences": true}, {"type": "LSTM", "units": 5}],
	"decoder": [{"type": "RepeatVector"}, {"type": "lstm", "units": 5, "return_sequences": true},
		{"type": "TimeDistributed"}], "loss": "mse"}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.ForData([]int{2, 20}); err != nil {
		t.Fatal(err)
	}
	if !s.Sequence() {
		t.Fatal("a spec starting with conv1d does not take sequences")
	}
	a, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sum := a.Summary()
	for _, want := range []string{"encoder/gru0 (GRU)", "(None, 6, 20)", "encoder/lstm0 (LSTM)", "(None, 5)",
		"decoder/repeat0 (RepeatVector)", "(None, 5, 20)", "decoder/tdense0 (TimeDistributed(Dense))", "(None, 2, 20)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	s.Encoder[2].Activation = "relu"
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), `encoder layer 2, activation: lstm has its own`) {
		t.Errorf("an lstm with an activation: %v", err)
	}
}

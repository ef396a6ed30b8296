package graph

import "fmt"

// Padding says how a convolution or pooling treats the borders, as in Keras.
// It marshals to JSON and text as its name, "same" or "valid".
type Padding int

const (
	// Same pads so that the output has ceil(input/stride) rows and columns.
	// When the padding is odd, the extra row and column go after the input,
	// as in Keras and TensorFlow.
	Same Padding = iota
	// Valid uses only windows that lie wholly inside the input.
	Valid
)

func (p Padding) String() string {
	switch p {
	case Same:
		return "same"
	case Valid:
		return "valid"
	}
	return fmt.Sprintf("Padding(%d)", int(p))
}

// ParsePadding returns the padding named "same" or "valid".
func ParsePadding(s string) (Padding, error) {
	for _, p := range []Padding{Same, Valid} {
		if p.String() == s {
			return p, nil
		}
	}
	return 0, fmt.Errorf("graph: unknown padding %q (want same or valid)", s)
}

// MarshalText returns the padding's name.
func (p Padding) MarshalText() ([]byte, error) {
	if p != Same && p != Valid {
		return nil, fmt.Errorf("graph: unknown padding %v", p)
	}
	return []byte(p.String()), nil
}

// UnmarshalText sets p to the padding named by text.
func (p *Padding) UnmarshalText(text []byte) error {
	v, err := ParsePadding(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Length returns the output length of a window of size k moving by
// stride over n positions: ceil(n/stride) for Same, (n-k)/stride + 1 for
// Valid, where a window larger than n is an error. Convolutions and
// pooling (stride k) use it, and so does package nets to plan a spec.
func (p Padding) Length(n, k, stride int) (int, error) {
	out, _, err := p.window(n, k, stride)
	return out, err
}

// TransposedLength returns the output length of a transposed convolution
// of n positions, as Keras's deconv_output_length without output
// padding: n·stride for Same, n·stride + max(k - stride, 0) for Valid.
func (p Padding) TransposedLength(n, k, stride int) (int, error) {
	switch p {
	case Same:
		return n * stride, nil
	case Valid:
		return n*stride + max(k-stride, 0), nil
	}
	return 0, fmt.Errorf("unknown padding %v", p)
}

// window returns the output size and the padding before the input for a
// window of size k moving by stride over n positions.
func (p Padding) window(n, k, stride int) (out, before int, err error) {
	switch p {
	case Same:
		out = (n + stride - 1) / stride
		total := max((out-1)*stride+k-n, 0)
		return out, total / 2, nil
	case Valid:
		if n < k {
			return 0, 0, fmt.Errorf("input size %d is smaller than the window %d", n, k)
		}
		return (n-k)/stride + 1, 0, nil
	}
	return 0, 0, fmt.Errorf("unknown padding %v", p)
}

package safetensors

import (
	"fmt"
	"strings"
)

// A FormatError reports data that does not conform to the safetensors
// format: a malformed file given to Read or ReadFile, or a File given to
// Write or WriteFile that cannot be encoded.
type FormatError struct {
	Path   string // file path, if known
	Tensor string // tensor concerned, if any
	Msg    string // description of the problem
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("safetensors: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Tensor != "" {
		fmt.Fprintf(&b, "tensor %q: ", e.Tensor)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// errorf returns a *FormatError that concerns no particular tensor.
func errorf(format string, args ...any) error {
	return &FormatError{Msg: fmt.Sprintf(format, args...)}
}

// tensorErrorf returns a *FormatError about the named tensor.
func tensorErrorf(name, format string, args ...any) error {
	return &FormatError{Tensor: name, Msg: fmt.Sprintf(format, args...)}
}

// wrapError gives err the package prefix. A *FormatError already has it
// and only gains the path, if any; other errors (I/O failures) are
// wrapped.
func wrapError(err error, path string) error {
	if fe, ok := err.(*FormatError); ok {
		if path != "" && fe.Path == "" {
			fe.Path = path
		}
		return fe
	}
	return fmt.Errorf("safetensors: %w", err)
}

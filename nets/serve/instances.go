package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// requestError is a bad request: its status and message go to the client.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) *requestError {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// instances are the samples of a request, raw, row after row.
type instances struct {
	values []float32
	rows   int
	shape  []int // the form the request gave each instance in
}

// readInstances reads {"instances": [...]} from the body, at most MaxBody
// bytes and MaxInstances samples, each of an accepted shape and every
// value a finite float32.
func (h *Handler) readInstances(w http.ResponseWriter, r *http.Request) (*instances, error) {
	body := http.MaxBytesReader(w, r.Body, h.opt.MaxBody)
	var req struct {
		Instances     []json.RawMessage `json:"instances"`
		SignatureName string            `json:"signature_name"`
	}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("data after the JSON object")
			if terr != nil && !isSyntax(terr) {
				err = terr
			}
		}
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &requestError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes (the server's limit)", mbe.Limit)}
		}
		return nil, badRequest(`the body is not a JSON object {"instances": [...]}: %v`, err)
	}
	switch {
	case len(req.Instances) == 0:
		return nil, badRequest(`no instances: want {"instances": [sample, ...]}`)
	case len(req.Instances) > h.opt.MaxInstances:
		return nil, badRequest("%d instances; the server takes at most %d a request", len(req.Instances), h.opt.MaxInstances)
	}
	in := &instances{rows: len(req.Instances), values: make([]float32, 0, len(req.Instances)*h.size)}
	for i, raw := range req.Instances {
		sc := scanner{b: raw, vals: in.values, leaf: -1}
		if err := sc.value(0); err != nil {
			return nil, badRequest("instance %d: %v", i, err)
		}
		in.values = sc.vals
		if i == 0 {
			if !slices.ContainsFunc(h.shapes, func(s []int) bool { return slices.Equal(s, sc.shape) }) {
				return nil, badRequest("instance 0 has shape %s; the model takes %s", dims(sc.shape), h.shapeList())
			}
			in.shape = sc.shape
		} else if !slices.Equal(sc.shape, in.shape) {
			return nil, badRequest("instance %d has shape %s, instance 0 %s; give every instance of a request in one shape", i, dims(sc.shape), dims(in.shape))
		}
	}
	return in, nil
}

func isSyntax(err error) bool {
	var se *json.SyntaxError
	return errors.As(err, &se)
}

// shapeList names the accepted shapes: 784, 1x28x28 or 28x28.
func (h *Handler) shapeList() string {
	var s []string
	for _, sh := range h.shapes {
		s = append(s, dims(sh))
	}
	return strings.Join(s, ", ")
}

// dims writes a shape as 1x28x28.
func dims(shape []int) string {
	if len(shape) == 0 {
		return "a scalar"
	}
	var s []string
	for _, d := range shape {
		s = append(s, strconv.Itoa(d))
	}
	return strings.Join(s, "x")
}

// scanner reads one instance, JSON the decoder has already checked: a
// number array of any depth, rectangular, whose numbers it appends to vals
// as float32.
type scanner struct {
	b     []byte
	i     int
	vals  []float32
	shape []int // elements per array at each depth, from the first array
	leaf  int   // the depth of the numbers, -1 until the first
}

func (s *scanner) skip() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// value reads the value at s.i, at the given array depth.
func (s *scanner) value(depth int) error {
	s.skip()
	if s.i >= len(s.b) {
		return errors.New("unexpected end")
	}
	switch c := s.b[s.i]; {
	case c == '[':
		if s.leaf >= 0 && depth >= s.leaf {
			return errors.New("arrays nested unevenly")
		}
		return s.array(depth)
	case c == '-' || (c >= '0' && c <= '9'):
		if depth == 0 {
			return errors.New("a number, not an array of numbers")
		}
		if s.leaf < 0 {
			s.leaf = depth
		} else if s.leaf != depth {
			return errors.New("arrays nested unevenly")
		}
		return s.number()
	default:
		end := s.i + 1
		for end < len(s.b) && end < s.i+16 && strings.IndexByte(",]} \t\r\n", s.b[end]) < 0 {
			end++
		}
		return fmt.Errorf("%s is not a number", s.b[s.i:end])
	}
}

func (s *scanner) array(depth int) error {
	s.i++ // '['
	n := 0
	s.skip()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
	} else {
		for {
			if err := s.value(depth + 1); err != nil {
				return err
			}
			n++
			s.skip()
			if s.i >= len(s.b) {
				return errors.New("unexpected end")
			}
			if s.b[s.i] == ']' {
				s.i++
				break
			}
			s.i++ // ','
		}
	}
	for len(s.shape) <= depth {
		s.shape = append(s.shape, -1)
	}
	switch {
	case s.shape[depth] < 0:
		s.shape[depth] = n
	case s.shape[depth] != n:
		return fmt.Errorf("ragged: an array of %d values at depth %d where the first had %d", n, depth, s.shape[depth])
	}
	if n == 0 {
		return errors.New("an empty array")
	}
	return nil
}

func (s *scanner) number() error {
	j := s.i
	for j < len(s.b) && strings.IndexByte("+-.eE0123456789", s.b[j]) >= 0 {
		j++
	}
	tok := string(s.b[s.i:j])
	s.i = j
	v, err := strconv.ParseFloat(tok, 32)
	if err != nil {
		return fmt.Errorf("%s is out of the float32 range", tok)
	}
	s.vals = append(s.vals, float32(v))
	return nil
}

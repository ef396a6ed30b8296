package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// requestError is a bad request: its status and message go to the
// client, with a Retry-After header if retryAfter is set.
type requestError struct {
	status     int
	msg        string
	retryAfter string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) *requestError {
	return &requestError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// notRequest is the 400 of a body that is not {"instances": [...]}.
func notRequest(format string, args ...any) *requestError {
	return badRequest(`the body is not a JSON object {"instances": [...]}: `+format, args...)
}

// instances are the samples of a request, raw, row after row.
type instances struct {
	values []float32
	rows   int
	shape  []int // the form the request gave each instance in
}

// parseInstances reads {"instances": [...]} from a body: at most
// MaxInstances samples, each of an accepted shape and every value a
// finite float32. It reads the body in place: its only copy is the
// values, at most MaxInstances samples.
func (h *Handler) parseInstances(b []byte) (*instances, error) {
	if !json.Valid(b) {
		return nil, syntaxError(b)
	}
	var inst []byte
	err := members(b, func(key string, v []byte) error {
		switch key {
		case "instances":
			inst = v
		case "signature_name":
			if v[0] != '"' && string(v) != "null" {
				return errors.New("signature_name is not a string")
			}
		default:
			return fmt.Errorf("unknown field %q", key)
		}
		return nil
	})
	if err != nil {
		return nil, notRequest("%v", err)
	}
	return h.instances(inst)
}

// syntaxError is the 400 of a body that is not valid JSON.
func syntaxError(b []byte) error {
	i := skipSpace(b, 0)
	if end := skipValue(b, i); end > 0 && json.Valid(b[:end]) {
		return notRequest("data after the JSON object")
	}
	err := json.Unmarshal(b, new(struct{}))
	return notRequest("%v", err)
}

// instances reads the array of instances v, valid JSON.
func (h *Handler) instances(v []byte) (*instances, error) {
	if len(v) == 0 || string(v) == "null" {
		return nil, badRequest(`no instances: want {"instances": [sample, ...]}`)
	}
	if v[0] != '[' {
		return nil, notRequest("instances is %s, not an array", kind(v[0]))
	}
	rows := count(v)
	switch {
	case rows == 0:
		return nil, badRequest(`no instances: want {"instances": [sample, ...]}`)
	case rows > h.opt.MaxInstances:
		return nil, badRequest("%d instances; the server takes at most %d a request", rows, h.opt.MaxInstances)
	}
	in := &instances{values: make([]float32, 0, rows*h.size)}
	sc := scanner{b: v, i: 1, vals: in.values}
	for sc.skip(); sc.b[sc.i] != ']'; sc.skip() {
		if err := h.instance(&sc, in); err != nil {
			return nil, err
		}
		if sc.skip(); sc.b[sc.i] == ',' {
			sc.i++
		}
	}
	in.values = sc.vals
	return in, nil
}

// count returns the number of elements of the array v, valid JSON.
func count(v []byte) int {
	n := 0
	for i := skipSpace(v, 1); v[i] != ']'; i = skipSpace(v, i) {
		n++
		if i = skipSpace(v, skipValue(v, i)); v[i] == ',' {
			i++
		}
	}
	return n
}

// instance reads the next instance at sc into in: it keeps no more than
// a sample's values of it, but reads its whole shape.
func (h *Handler) instance(sc *scanner, in *instances) error {
	i := in.rows
	sc.shape, sc.leaf, sc.max = nil, -1, len(sc.vals)+h.size
	if err := sc.value(0); err != nil {
		return badRequest("instance %d: %v", i, err)
	}
	if i == 0 {
		if !slices.ContainsFunc(h.shapes, func(s []int) bool { return slices.Equal(s, sc.shape) }) {
			return badRequest("instance 0 has shape %s; the model takes %s", dims(sc.shape), h.shapeList())
		}
		in.shape = sc.shape
	} else if !slices.Equal(sc.shape, in.shape) {
		return badRequest("instance %d has shape %s, instance 0 %s; give every instance of a request in one shape", i, dims(sc.shape), dims(in.shape))
	}
	in.rows++
	return nil
}

// members calls f with each key of the object b, valid JSON, and the
// bytes of its value.
func members(b []byte, f func(key string, v []byte) error) error {
	i := skipSpace(b, 0)
	if b[i] != '{' {
		return fmt.Errorf("the body is %s", kind(b[i]))
	}
	for i = skipSpace(b, i+1); b[i] != '}'; i = skipSpace(b, i) {
		end := skipValue(b, i)
		var key string
		if err := json.Unmarshal(b[i:end], &key); err != nil {
			return err
		}
		i = skipSpace(b, skipSpace(b, end)+1) // past ':'
		end = skipValue(b, i)
		if err := f(key, b[i:end]); err != nil {
			return err
		}
		if i = skipSpace(b, end); b[i] == ',' {
			i++
		}
	}
	return nil
}

// kind names the JSON value that starts with c.
func kind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	}
	return "a number"
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value at b[i], or -1 if b ends
// first. It checks nothing else: b is valid JSON, but for syntaxError.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '[', '{':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				if i = skipString(b, i); i < 0 {
					return -1
				}
				continue
			case '[', '{':
				depth++
			case ']', '}':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	for i < len(b) && strings.IndexByte(",]}: \t\r\n", b[i]) < 0 {
		i++
	}
	return i
}

// skipString returns the end of the string at b[i], or -1.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
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
	max   int   // vals grows no longer than this (the numbers past it are read and dropped); 0: no bound
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
	if s.max == 0 || len(s.vals) < s.max {
		s.vals = append(s.vals, float32(v))
	}
	return nil
}
